import Foundation
import Testing

@Suite struct InfoCommandTests {
    private let fixture = NeuraScoreBinary.repositoryFile("Tests/NeuraMusicTests/Fixtures/midi/mido-format0.mid")

    @Test func describesAFileInText() throws {
        let result = try NeuraScoreBinary.run(["info", fixture.path])
        #expect(!result.timedOut)
        #expect(result.exitCode == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == fixture.path)
        for line in [
            "  format 0, 1 track, 96 ticks per quarter",
            "  duration: 6.50 beats, 3.050 s (0:03.0)",
            "  notes: 6 (1 drum), pitch range C4–G4 (60–67)",
            "    tick 0 (beat 0.00, 0.000 s)  D major (2 sharps)",
            "      channel 1: 5 notes (program 40)",
            "    1 \"Violin\" (track 0 channel 1): program 40 (Violin), 5 notes, C4–G4 (60–67)",
        ] {
            #expect(lines.contains(line), "\(line)")
        }
    }

    @Test func describesAFileInJSON() throws {
        let result = try NeuraScoreBinary.run(["info", "--json", fixture.path])
        #expect(!result.timedOut)
        #expect(result.exitCode == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["format", "trackCount", "ticksPerQuarter", "noteCount", "drumNoteCount", "durationSeconds",
                    "tracks", "tempos", "timeSignatures", "keySignatures"] {
            #expect(object[key] != nil, "\(key)")
        }
        #expect(object["format"] as? Int == 0)
        #expect(object["trackCount"] as? Int == 1)
        #expect(object["ticksPerQuarter"] as? Int == 96)
        #expect(object["noteCount"] as? Int == 6)
        #expect(object["drumNoteCount"] as? Int == 1)
        #expect(abs((object["durationSeconds"] as? Double ?? 0) - 3.05) < 1e-9)
        let tempos = try #require(object["tempos"] as? [[String: Any]])
        #expect(tempos.compactMap { $0["microsecondsPerQuarter"] as? Int } == [500_000, 400_000])
        let tracks = try #require(object["tracks"] as? [[String: Any]])
        #expect(tracks.first?["name"] as? String == "mido format 0")
        let parts = try #require(object["parts"] as? [[String: Any]])
        #expect(parts.map { $0["name"] as? String } == ["Violin", "Drums"])
        #expect(parts.map { $0["program"] as? Int } == [40, 0])
        #expect(parts.map { $0["noteCount"] as? Int } == [5, 1])
    }

    @Test func failsOnACorruptFileNamingIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let corrupt = directory.appendingPathComponent("cut.mid")
        // MThd and an MTrk that claims 256 bytes with 4 present: a download cut short.
        let bytes: [UInt8] = [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0, 0x60,
                              0x4D, 0x54, 0x72, 0x6B, 0, 0, 1, 0, 0, 0xFF, 0x2F, 0]
        try Data(bytes).write(to: corrupt)

        let result = try NeuraScoreBinary.run(["info", corrupt.path])
        #expect(!result.timedOut)
        #expect(result.exitCode != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(corrupt.path): byte 14: the MTrk chunk declares 256 bytes but only 4 remain"))
    }

    @Test func failsOnAMissingFileNamingIt() throws {
        let missing = "/nonexistent-neurascore-dir/none.mid"
        let result = try NeuraScoreBinary.run(["info", "--json", missing])
        #expect(!result.timedOut)
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains(missing))
    }

    @Test func refusesToRunWithoutAFile() throws {
        let result = try NeuraScoreBinary.run(["info"])
        #expect(!result.timedOut)
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("Missing expected argument"))
    }
}
