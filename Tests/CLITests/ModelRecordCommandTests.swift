import Foundation
import NeuraCore
import NeuraLSTM
import NeuraMusic
import Testing

/// `metrics --record` and `models --set-defaults`: what they write into a model file, what
/// they leave alone, and what `generate` and `models` make of it.
@Suite struct ModelRecordCommandTests {
    private let folder: URL
    private let modelPath: String
    private let fixtures = NeuraScoreBinary.repositoryFile("Tests/NeuraMetricsTests/Fixtures/midi")

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoding = EncodingConfig(stepsPerQuarter: 4, lowestPitch: 36, highestPitch: 96)
        var rng = SplitMix64(seed: 13)
        let config = try LSTMConfig(vocabularySize: encoding.vocabularySize, embeddingSize: 8, hiddenSize: 16, layers: 1)
        let model = try NeuraModel(
            name: "tiny", url: nil, parameters: LSTMParameters(config: config, rng: &rng), encoding: encoding,
            trainingRecord: #"{"corpus":["corpus/folk/train"],"testNLL":2.5}"#)
        modelPath = folder.appendingPathComponent("tiny.safetensors").path
        try model.write(to: URL(fileURLWithPath: modelPath), halfPrecision: true)
    }

    private var environment: [String: String] { ["NEURASCORE_MODELS": folder.path] }

    private func listed() throws -> [String: Any] {
        let result = try NeuraScoreBinary.run(["models", "--json"], environment: environment)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let models = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        return try #require(models.first { $0["name"] as? String == "tiny" })
    }

    private func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: modelPath)) }

    private func takeInfo(_ path: String) throws -> String {
        let file = try MIDIReader.read(contentsOf: URL(fileURLWithPath: path)).file
        return file.tracks.flatMap(\.events).compactMap { event -> String? in
            guard case .meta(let type, let data) = event.message, type == 0x01 else { return nil }
            return String(decoding: data, as: UTF8.self)
        }.joined(separator: "\n")
    }

    @Test func metricsRecordWritesTheReferenceFiguresAndNothingElse() throws {
        let before = try bytes()
        let weights = try NeuraModel.load(contentsOf: URL(fileURLWithPath: modelPath)).parameters.values
        let result = try NeuraScoreBinary.run(["metrics", fixtures.path, "--record", "tiny", "--label", "fixtures", "--json"],
                                              environment: environment)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("recorded the reference figures of 7 pieces (fixtures) in \(modelPath)"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["measured"] != nil, "the report is printed as without --record")

        let model = try NeuraModel.load(contentsOf: URL(fileURLWithPath: modelPath))
        #expect(model.parameters.values == weights)
        #expect(try bytes().count - before.count < 12_000, "still F16: only the record grew")
        #expect(try bytes().suffix(model.parameters.values.count * 2) == before.suffix(model.parameters.values.count * 2))
        let figures = try #require(try model.referenceFigures())
        #expect(figures.label == "fixtures")
        #expect(figures.corpus == [fixtures.path])
        #expect(figures.summary.pieceCount == 7)
        #expect(figures.summary.muspy["grooveConsistency"] == nil)
        // Files of drums alone define no pitch-class entropy.
        #expect((1...7).contains(figures.summary.muspy["pitchClassEntropy"]?.count ?? 0))
        #expect(model.trainingRecordFields?["testNLL"] as? Double == 2.5)

        let entry = try listed()
        let reference = try #require(entry["referenceFigures"] as? [String: Any])
        #expect(reference["label"] as? String == "fixtures")
        #expect(reference["pieceCount"] as? Int == 7)
        let text = try NeuraScoreBinary.run(["models"], environment: environment)
        #expect(text.stdout.contains("    reference figures: fixtures, 7 pieces"))
    }

    @Test func metricsRecordRefusesWhatItCannotDoBeforeMeasuring() throws {
        let before = try bytes()
        let missing = try NeuraScoreBinary.run(["metrics", fixtures.path, "--record", "nosuchmodel"], environment: environment)
        #expect(missing.exitCode != 0)
        #expect(missing.stderr.contains("nosuchmodel"))
        #expect(missing.stdout.isEmpty, "nothing was measured")
        let withReference = try NeuraScoreBinary.run(
            ["metrics", fixtures.path, "--record", modelPath, "--reference", fixtures.path], environment: environment)
        #expect(withReference.exitCode == 64)
        #expect(withReference.stderr.contains("--reference"))
        let labelAlone = try NeuraScoreBinary.run(["metrics", fixtures.path, "--label", "x"])
        #expect(labelAlone.exitCode == 64)
        let empty = folder.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try Data([0x4D, 0x54]).write(to: empty.appendingPathComponent("broken.mid"))
        let nothing = try NeuraScoreBinary.run(["metrics", empty.path, "--record", modelPath])
        #expect(nothing.exitCode == 1)
        #expect(nothing.stderr.contains("nothing was recorded"))
        #expect(try bytes() == before)
    }

    @Test func setDefaultsAreWhatGenerateStartsFromAndAFlagWins() throws {
        let noDefaults = try NeuraScoreBinary.run(["models"], environment: environment)
        #expect(noDefaults.stdout.contains("    sampling defaults: none measured"))
        #expect(noDefaults.stdout.contains("    reference figures: none (add them with `neurascore metrics CORPUS --record tiny`)"))

        let set = try NeuraScoreBinary.run(
            ["models", "--set-defaults", "tiny", "--temperature", "0.85", "--top-p", "0.9", "--note", "sweep of 3 seeds"],
            environment: environment)
        #expect(set.exitCode == 0, "\(set.stderr)")
        #expect(set.stdout.contains("wrote sampling defaults temperature 0.85, top-p 0.90 into \(modelPath)"))
        let defaults = try #require(try listed()["samplingDefaults"] as? [String: Any])
        #expect(abs((defaults["temperature"] as? Double ?? 0) - 0.85) < 1e-6)
        #expect(abs((defaults["topP"] as? Double ?? 0) - 0.9) < 1e-6)
        #expect(defaults["note"] as? String == "sweep of 3 seeds")
        let text = try NeuraScoreBinary.run(["models"], environment: environment)
        #expect(text.stdout.contains("    sampling defaults: temperature 0.85, top-p 0.90 (sweep of 3 seeds)"))

        let seeded = ["generate", "--model", "tiny", "--seed-notes", "C4:1 E4:1 G4:2", "--length", "1"]
        let plain = try NeuraScoreBinary.run(seeded + ["-o", folder.appendingPathComponent("plain.mid").path],
                                             environment: environment)
        #expect(plain.exitCode == 0, "\(plain.stderr)")
        #expect(plain.stderr.contains("tiny: its measured default temperature 0.85, top-p 0.90"))
        let info = try takeInfo(folder.appendingPathComponent("plain.mid").path)
        #expect(info.contains("temperature=0.85") && info.contains("top-p=0.9"))

        let flagged = try NeuraScoreBinary.run(
            seeded + ["--temperature", "1.3", "-o", folder.appendingPathComponent("flag.mid").path], environment: environment)
        #expect(flagged.exitCode == 0, "\(flagged.stderr)")
        #expect(flagged.stderr.contains("tiny: its measured default top-p 0.90"))
        let flaggedInfo = try takeInfo(folder.appendingPathComponent("flag.mid").path)
        #expect(flaggedInfo.contains("temperature=1.3") && flaggedInfo.contains("top-p=0.9"))

        let both = try NeuraScoreBinary.run(
            seeded + ["--temperature", "1.3", "--top-p", "1", "-o", folder.appendingPathComponent("both.mid").path],
            environment: environment)
        #expect(!both.stderr.contains("measured default"))
        #expect(try takeInfo(folder.appendingPathComponent("both.mid").path).contains("top-p=1"))

        let cleared = try NeuraScoreBinary.run(["models", "--clear-defaults", "tiny"], environment: environment)
        #expect(cleared.exitCode == 0, "\(cleared.stderr)")
        #expect(try listed()["samplingDefaults"] == nil)
        let after = try NeuraScoreBinary.run(seeded + ["-o", folder.appendingPathComponent("after.mid").path],
                                             environment: environment)
        #expect(!after.stderr.contains("measured default"))
        let afterInfo = try takeInfo(folder.appendingPathComponent("after.mid").path)
        #expect(afterInfo.contains("temperature=1;") && afterInfo.contains("top-p=off"))
    }

    @Test func badDefaultsAreRefusedAndTheFileIsLeftAlone() throws {
        let before = try bytes()
        let hot = try NeuraScoreBinary.run(["models", "--set-defaults", modelPath, "--temperature", "9"])
        #expect(hot.exitCode != 0)
        #expect(hot.stderr.contains("temperature"))
        let noTemperature = try NeuraScoreBinary.run(["models", "--set-defaults", modelPath, "--top-p", "0.9"])
        #expect(noTemperature.exitCode == 64)
        let stray = try NeuraScoreBinary.run(["models", "--temperature", "0.9"])
        #expect(stray.exitCode == 64)
        #expect(try bytes() == before)
    }
}
