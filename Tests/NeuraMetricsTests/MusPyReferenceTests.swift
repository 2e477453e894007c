import Foundation
import NeuraMetrics
import NeuraMusic
import Testing

/// Our MusPy metrics against the values MusPy 0.5.0 gave for the same files, committed by
/// `Scripts/muspy-reference` in Fixtures/muspy-reference.json.
@Suite struct MusPyReferenceTests {
    struct Reference: Decodable {
        struct File: Decodable {
            var file: String
            var error: String?
            var resolution: Int?
            var measureResolution: Int?
            var metrics: [String: Double?]?
        }

        var muspyVersion: String
        var files: [File]
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: MetricsFixtures.resource("muspy-reference.json"))
    }

    @Test func theReferenceIsMusPy050OnFilesFromSeveralSources() throws {
        let reference = try Self.reference()
        #expect(reference.muspyVersion == "0.5.0")
        let measured = reference.files.filter { $0.error == nil }.map(\.file)
        for source in ["mido-", "pretty-midi-", "music21-bwv", "music21-haydn", "music21-oneills", "music21-k525"] {
            #expect(measured.contains { $0.contains("/" + source) }, "\(source)")
        }
    }

    @Test func everyMetricAgreesWithMusPyOnEveryFile() throws {
        let reference = try Self.reference()
        var compared = 0
        for file in reference.files {
            guard let expected = file.metrics else { continue }
            let ticks = try MetricsFixtures.ticks(MetricsFixtures.repositoryFile(file.file))
            #expect(ticks.ticksPerQuarter == file.resolution, "\(file.file)")
            #expect(ticks.measureTicks == file.measureResolution, "\(file.file)")
            let ours = MusPyMetrics(ticks)
            let scalars = Dictionary(uniqueKeysWithValues: MusPyMetrics.scalars.map { ($0.key, $0.value) })
            #expect(Set(expected.keys) == Set(scalars.keys), "\(file.file)")
            for (key, value) in expected {
                let read = try #require(scalars[key])
                let actual = read(ours)
                switch (value, actual) {
                case (nil, nil): break
                case (let value?, let actual?):
                    #expect(abs(value - actual) <= 1e-6, "\(file.file) \(key): MusPy \(value), ours \(actual)")
                default:
                    Issue.record("\(file.file) \(key): MusPy \(String(describing: value)), ours \(String(describing: actual))")
                }
                compared += 1
            }
        }
        #expect(compared >= 150)
    }

    @Test func formatTwoIsReadWhereMusPyRefusesIt() throws {
        let reference = try Self.reference()
        let formatTwo = try #require(reference.files.first { $0.file.hasSuffix("mido-format2.mid") })
        #expect(formatTwo.error?.contains("Type 2") == true)
        let ticks = try MetricsFixtures.ticks(MetricsFixtures.musicMIDI("mido-format2.mid"))
        // The second sequence starts where the first ends (tick 360).
        #expect(ticks.pitchedNotes.map(\.start) == [0, 120, 240, 360, 480])
    }
}
