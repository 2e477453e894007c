import Foundation
import NeuraCore
import NeuraLSTM
import NeuraMusic
import Testing

@Suite struct GenerateCommandTests {
    private let folder: URL
    private let modelPath: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-generate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoding = EncodingConfig(stepsPerQuarter: 4, lowestPitch: 36, highestPitch: 96)
        var rng = SplitMix64(seed: 11)
        let config = try LSTMConfig(vocabularySize: encoding.vocabularySize, embeddingSize: 8, hiddenSize: 16, layers: 1)
        let model = try NeuraModel(
            name: "tiny", url: nil, parameters: LSTMParameters(config: config, rng: &rng), encoding: encoding,
            trainingRecord: #"{"testNLL": 2.5}"#)
        modelPath = folder.appendingPathComponent("tiny.safetensors").path
        try model.write(to: URL(fileURLWithPath: modelPath))
    }

    private func output(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @Test func writesSeedAndContinuationOnTheirOwnTracksWithTheTakeRecorded() throws {
        let out = output("take.mid")
        let result = try NeuraScoreBinary.run([
            "generate", "--model", modelPath, "--seed-notes", "C4:1 E4:1 G4:2", "--length", "2",
            "--temperature", "0.9", "--top-p", "0.95", "--rng-seed", "42", "-o", out,
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote \(out)"))
        let file = try MIDIReader.read(contentsOf: URL(fileURLWithPath: out)).file
        #expect(file.format == 1)
        #expect(file.division == .ticksPerQuarter(480))
        let texts = file.tracks.flatMap(\.events).compactMap { event -> String? in
            guard case .meta(let type, let data) = event.message, type == 0x01 || type == 0x03 else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        // The seed's one part on its track, the continuation on a track of its own named after it.
        #expect(texts.contains("Part 1"))
        #expect(texts.contains("Part 1 (NeuraScore)"))
        let take = try #require(texts.first { $0.contains("rng-seed=42") })
        for part in ["temperature=0.9", "top-p=0.95", "model=tiny.safetensors", "neurascore="] {
            #expect(take.contains(part), "\(take)")
        }
        let (score, _) = try ScoreFile.load(contentsOf: URL(fileURLWithPath: out))
        let seedNotes = score.notes.filter { $0.start < 16 }
        #expect(seedNotes.map(\.pitch) == [60, 64, 67])
        #expect(score.notes.count > 3)
        #expect(score.notes.allSatisfy { $0.start < 16 || ($0.start >= 16 && $0.end <= 48) })
    }

    @Test func theSameRandomSeedWritesTheSameFile() throws {
        let first = output("a.mid"), second = output("b.mid")
        for path in [first, second] {
            let result = try NeuraScoreBinary.run([
                "generate", "--model", modelPath, "--seed-notes", "D4:1 F4:1", "--length", "1", "--rng-seed", "7", "-o", path,
            ])
            #expect(result.exitCode == 0, "\(result.stderr)")
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        let b = try Data(contentsOf: URL(fileURLWithPath: second))
        // The conductor track is named after the file; everything else must match.
        let (scoreA, _) = try ScoreFile.load(contentsOf: URL(fileURLWithPath: first))
        let (scoreB, _) = try ScoreFile.load(contentsOf: URL(fileURLWithPath: second))
        #expect(scoreA.notes == scoreB.notes)
        #expect(a.count == b.count)
    }

    @Test func numOutputsWritesOneFilePerVariationFromASeedFile() throws {
        let seed = NeuraScoreBinary.repositoryFile("Tests/NeuraMusicTests/Fixtures/midi/music21-bwv66.6.mid")
        let result = try NeuraScoreBinary.run([
            "generate", "--model", modelPath, "--seed-midi", seed.path, "--length", "1", "--num-outputs", "3",
            "--scale", "A major", "-o", output("vars.mid"),
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        for index in 1...3 {
            #expect(FileManager.default.fileExists(atPath: output("vars-\(index).mid")))
        }
        #expect(!FileManager.default.fileExists(atPath: output("vars.mid")))
    }

    @Test(arguments: [
        (["--temperature", "0"], "temperature"),
        (["--temperature", "-1"], "temperature"),
        (["--top-p", "1.5"], "top-p"),
        (["--top-p", "0"], "top-p"),
        (["--length", "-2"], "length"),
        (["--length", "100000"], "length"),
        (["--scale", "Q minor"], "scale"),
        (["--loop-guard", "maybe"], "loop-guard"),
    ])
    func badControlsFailClearlyAndWriteNothing(extra: [String], mention: String) throws {
        let out = output("bad-\(UUID().uuidString).mid")
        var arguments = ["generate", "--model", modelPath, "--seed-notes", "C4:1", "-o", out]
        if !extra.contains("--length") { arguments += ["--length", "1"] }
        let result = try NeuraScoreBinary.run(arguments + extra)
        #expect(result.exitCode != 0)
        #expect(result.stderr.lowercased().contains(mention), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func seedOutsideTheModelsRangeIsRefused() throws {
        let out = output("range.mid")
        let result = try NeuraScoreBinary.run([
            "generate", "--model", modelPath, "--seed-notes", "C1:1 C4:1", "--length", "1", "-o", out,
        ])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("outside the model's range"), "\(result.stderr)")
        #expect(result.stderr.contains("C1"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unwritableOutputAndMissingModelAreClearErrors() throws {
        let unwritable = try NeuraScoreBinary.run([
            "generate", "--model", modelPath, "--seed-notes", "C4:1", "--length", "1", "-o", "/nonexistent/folder/x.mid",
        ])
        #expect(unwritable.exitCode != 0)
        #expect(unwritable.stderr.contains("/nonexistent/folder/x.mid"), "\(unwritable.stderr)")
        let missing = try NeuraScoreBinary.run([
            "generate", "--model", output("nope.safetensors"), "--seed-notes", "C4:1", "--length", "1", "-o", output("m.mid"),
        ])
        #expect(missing.exitCode != 0)
        #expect(missing.stderr.contains("nope.safetensors"), "\(missing.stderr)")
        let corrupt = output("corrupt.safetensors")
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: corrupt))
        let bad = try NeuraScoreBinary.run([
            "generate", "--model", corrupt, "--seed-notes", "C4:1", "--length", "1", "-o", output("c.mid"),
        ])
        #expect(bad.exitCode != 0)
        #expect(bad.stderr.contains(corrupt), "\(bad.stderr)")
    }

    @Test func seedMustBeGivenExactlyOnce() throws {
        let neither = try NeuraScoreBinary.run(["generate", "--model", modelPath, "--length", "1", "-o", output("n.mid")])
        #expect(neither.exitCode != 0)
        #expect(neither.stderr.contains("--seed-notes"))
    }
}

@Suite struct ModelsCommandTests {
    @Test func listsModelsFromTheEnvironmentFolderWithTheirEncoding() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoding = EncodingConfig(stepsPerQuarter: 2, lowestPitch: 40, highestPitch: 80, styles: ["folk"])
        var rng = SplitMix64(seed: 1)
        let config = try LSTMConfig(vocabularySize: encoding.vocabularySize, embeddingSize: 4, hiddenSize: 8, layers: 2)
        try NeuraModel(
            name: "mine", url: nil, parameters: LSTMParameters(config: config, rng: &rng), encoding: encoding,
            trainingRecord: #"{"testNLL": 1.234}"#
        ).write(to: folder.appendingPathComponent("mine.safetensors"))
        try Data("junk".utf8).write(to: folder.appendingPathComponent("broken.safetensors"))
        let result = try NeuraScoreBinary.run(["models", "--json"], environment: ["NEURASCORE_MODELS": folder.path])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let mine = try #require(list.first { $0["name"] as? String == "mine" })
        #expect(mine["origin"] as? String == "environment")
        #expect(mine["layers"] as? Int == 2)
        #expect(mine["stepsPerQuarter"] as? Int == 2)
        #expect(mine["styles"] as? [String] == ["folk"])
        #expect(mine["testNLL"] as? Double == 1.234)
        let broken = try #require(list.first { $0["name"] as? String == "broken" })
        #expect((broken["error"] as? String)?.contains("broken.safetensors") == true)
        let text = try NeuraScoreBinary.run(["models"], environment: ["NEURASCORE_MODELS": folder.path])
        #expect(text.stdout.contains("LSTM 2×8"))
        #expect(text.stdout.contains("test NLL 1.234"))
    }
}
