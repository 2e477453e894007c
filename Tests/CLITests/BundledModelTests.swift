import Foundation
import NeuraMusic
import Testing

/// `neurascore` run with the models it ships, as a user would, with no model folders of the
/// user's own in the way: a damaged, swapped or missing bundled model fails here.
enum BundledModels {
    /// An environment whose user model folders are empty, so names resolve to the bundled files.
    static func environment(_ folder: URL) throws -> [String: String] {
        let empty = folder.appendingPathComponent("no-user-models")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        return ["NEURASCORE_MODELS": empty.path, "XDG_DATA_HOME": empty.path]
    }

    static func scratchFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The notes a take added after its seed (which ends at `seedSteps`).
    static func generatedNotes(in path: String, seedSteps: Int) throws -> [Note] {
        try ScoreFile.load(contentsOf: URL(fileURLWithPath: path)).0.notes.filter { $0.start >= seedSteps }
    }
}

@Suite struct BundledModelTests {
    /// Without `--model`, `generate` continues with the bundled chorale model; `--model NAME`
    /// with that bundled model. Each file says which model wrote it.
    @Test(arguments: [(nil, "chorale"), ("chorale-ahead", "chorale-ahead"), ("folk", "folk"), ("quartet", "quartet")]
        as [(String?, String)])
    func generateLoadsTheBundledModelAndContinuesTheSeed(model: String?, expectedName: String) throws {
        let folder = try BundledModels.scratchFolder("bundled")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("take.mid").path
        let result = try NeuraScoreBinary.run(
            ["generate", "--seed-notes", "C4:1 E4:1 G4:2", "--length", "2", "--rng-seed", "3", "-o", output]
                + (model.map { ["--model", $0] } ?? []),
            environment: try BundledModels.environment(folder))
        #expect(result.exitCode == 0, "\(result.stderr)")
        let generated = try BundledModels.generatedNotes(in: output, seedSteps: 16)
        #expect(!generated.isEmpty)
        #expect(generated.allSatisfy { $0.end <= 16 + 2 * 16 })
        let file = try MIDIReader.read(contentsOf: URL(fileURLWithPath: output)).file
        let texts = file.tracks.flatMap(\.events).compactMap { event -> String? in
            guard case .meta(0x01, let data) = event.message else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        #expect(texts.contains { $0.contains("model=\(expectedName).safetensors") }, "\(texts)")
    }

    /// Each bundled model knows its own music: the chorale model scores a Bach chorale, the folk
    /// model a plain jig-like tune and the quartet model a Haydn movement far better than chance
    /// (ln 170 ≈ 5.1 nats per token, ln 434 ≈ 6.1) and far better than another model does.
    /// Random or damaged weights, or files swapped, fail this.
    @Test func eachBundledModelScoresItsOwnMusicWell() throws {
        let folder = try BundledModels.scratchFolder("bundled-eval")
        defer { try? FileManager.default.removeItem(at: folder) }
        let chorale = NeuraScoreBinary.repositoryFile("Tests/NeuraMusicTests/Fixtures/midi/music21-bwv66.6.mid").path
        let tune = folder.appendingPathComponent("tune.mid")
        // Eighth notes in D major: the shape of a hundred fiddle tunes.
        let pitches = [62, 62, 69, 69, 71, 71, 69, 69, 67, 67, 66, 66, 64, 64, 62, 62, 69, 69, 67, 67, 66, 66, 64, 64]
        try ScoreFile.save(Score(notes: pitches.enumerated().map { Note(pitch: $1, start: 2 * $0, length: 2) }), to: tune)
        let environment = try BundledModels.environment(folder)
        func meanNLL(_ model: String, _ file: String) throws -> Double {
            let result = try NeuraScoreBinary.run(["eval", "--model", model, file, "--json"], environment: environment)
            try #require(result.exitCode == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return try #require(json["meanNLL"] as? Double)
        }
        let (choraleOnChorale, folkOnChorale) = (try meanNLL("chorale", chorale), try meanNLL("folk", chorale))
        let (folkOnTune, choraleOnTune) = (try meanNLL("folk", tune.path), try meanNLL("chorale", tune.path))
        #expect(choraleOnChorale < 1.5 && folkOnTune < 1.5, "chorale \(choraleOnChorale), folk \(folkOnTune)")
        #expect(choraleOnChorale < folkOnChorale - 1, "on the chorale: chorale \(choraleOnChorale), folk \(folkOnChorale)")
        #expect(folkOnTune < choraleOnTune - 1, "on the tune: folk \(folkOnTune), chorale \(choraleOnTune)")
        let quartet = NeuraScoreBinary.repositoryFile("Tests/NeuraMetricsTests/Fixtures/midi/music21-haydn-op74no1-iii.mid").path
        let (quartetOnQuartet, choraleOnQuartet) = (try meanNLL("quartet", quartet), try meanNLL("chorale", quartet))
        #expect(quartetOnQuartet < 2.5, "quartet \(quartetOnQuartet)")
        #expect(quartetOnQuartet < choraleOnQuartet - 0.5, "on the quartet: quartet \(quartetOnQuartet), chorale \(choraleOnQuartet)")
        #expect(try meanNLL("chorale-ahead", chorale) < 1.5)
    }
}
