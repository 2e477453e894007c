import Foundation
import NeuraCore
import NeuraLSTM
import NeuraMusic
import Testing

@Suite struct TrainEvalCommandTests {
    private let folder: URL
    private let corpus: URL

    /// A small real corpus: seeded melodies written as MIDI files by our writer.
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-train-cli-\(UUID().uuidString)")
        corpus = folder.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for index in 0..<6 {
            var rng = SplitMix64(seed: UInt64(index + 1))
            let notes = (0..<12).map { step in Note(pitch: 55 + Int(rng.next() % 12), start: step * 2, length: 2) }
            try MIDIWriter.write(MIDIFile(score: Score(notes: notes)), to: corpus.appendingPathComponent("p\(index).mid"))
        }
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private let tiny = [
        "--layers", "1", "--hidden", "8", "--embed", "4", "--seq-len", "10", "--batch", "2", "--lr", "0.01",
        "--warmup", "0", "--decay", "constant", "--dropout", "0", "--seed", "3", "--threads", "1",
    ]

    private func weights(_ path: String) throws -> [String: HostTensor] {
        try LSTMModelFile.read(contentsOf: URL(fileURLWithPath: path)).tensors
    }

    @Test func trainThenResumeMatchesOneRunAndEvalReportsJSON() throws {
        let split = try NeuraScoreBinary.run(["train", corpus.path, "--out", path("a.safetensors"), "--steps", "3"] + tiny)
        #expect(split.exitCode == 0, "\(split.stderr)")
        #expect(split.stdout.contains("wrote \(path("a.safetensors"))"))
        #expect(split.stdout.contains("Import report"))
        #expect(split.stderr.contains("train step 3/3"))
        let resumed = try NeuraScoreBinary.run(
            ["train", corpus.path, "--out", path("a.safetensors"), "--steps", "5", "--resume", path("a.ckpt.safetensors"),
             "--threads", "1"])
        #expect(resumed.exitCode == 0, "\(resumed.stderr)")
        let straight = try NeuraScoreBinary.run(["train", corpus.path, "--out", path("b.safetensors"), "--steps", "5"] + tiny)
        #expect(straight.exitCode == 0, "\(straight.stderr)")
        #expect(try weights(path("a.safetensors")) == weights(path("b.safetensors")))

        let eval = try NeuraScoreBinary.run(["eval", "--model", path("b.safetensors"), corpus.path, "--per-step", "--json"])
        #expect(eval.exitCode == 0, "\(eval.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["meanNLL", "perplexity", "tokenCount", "pieceCount", "nllPerStep"])
        #expect(object["pieceCount"] as? Int == 6)
        let mean = try #require(object["meanNLL"] as? Double)
        let perplexity = try #require(object["perplexity"] as? Double)
        #expect(abs(perplexity - exp(mean)) < 1e-9 * perplexity)
        // Each piece is 24 steps long; the total NLL over them gives the per-step figure.
        let tokens = try #require(object["tokenCount"] as? Int)
        let perStep = try #require(object["nllPerStep"] as? Double)
        #expect(abs(perStep - mean * Double(tokens) / Double(6 * 24)) < 1e-9 * perStep)
    }

    @Test func resumeWithAnotherShapeExitsNonZeroNamingTheOption() throws {
        let first = try NeuraScoreBinary.run(["train", corpus.path, "--out", path("m.safetensors"), "--steps", "1"] + tiny)
        #expect(first.exitCode == 0, "\(first.stderr)")
        let result = try NeuraScoreBinary.run(
            ["train", corpus.path, "--out", path("m.safetensors"), "--steps", "2", "--resume", path("m.ckpt.safetensors"),
             "--hidden", "16"])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("--hidden"))
    }

    @Test func unwritableOutputAndEmptyCorpusFailWithoutFiles() throws {
        try Data("x".utf8).write(to: URL(fileURLWithPath: path("file")))
        let unwritable = try NeuraScoreBinary.run(["train", corpus.path, "--out", path("file/m.safetensors"), "--steps", "1"] + tiny)
        #expect(unwritable.exitCode != 0)
        #expect(unwritable.stderr.contains("cannot write here"))

        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try Data([0x4D, 0x54]).write(to: empty.appendingPathComponent("broken.mid"))
        let result = try NeuraScoreBinary.run(["train", empty.path, "--out", path("e.safetensors"), "--steps", "1"] + tiny)
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("no usable pieces"))
        #expect(!FileManager.default.fileExists(atPath: path("e.safetensors")))
        #expect(!FileManager.default.fileExists(atPath: path("e.ckpt.safetensors")))
    }

    @Test func evalRecordPutsTheTestNLLIntoTheModelForModelsToList() throws {
        let trained = try NeuraScoreBinary.run(["train", corpus.path, "--out", path("m.safetensors"), "--steps", "2"] + tiny)
        #expect(trained.exitCode == 0, "\(trained.stderr)")
        let before = try weights(path("m.safetensors"))
        let eval = try NeuraScoreBinary.run(["eval", "--model", path("m.safetensors"), corpus.path, "--json", "--record"])
        #expect(eval.exitCode == 0, "\(eval.stderr)")
        #expect(eval.stderr.contains("recorded test NLL"))
        let result = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        let meanNLL = try #require(result["meanNLL"] as? Double)
        #expect(try weights(path("m.safetensors")) == before)

        let listed = try NeuraScoreBinary.run(["models", "--json"], environment: ["NEURASCORE_MODELS": folder.path])
        let models = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let model = try #require(models.first { $0["name"] as? String == "m" })
        #expect(abs(try #require(model["testNLL"] as? Double) - meanNLL) < 1e-12)
        #expect(model["validationNLL"] as? Double != nil, "the rest of the training record is kept")
        let record = try #require(try NeuraModel.load(contentsOf: URL(fileURLWithPath: path("m.safetensors"))).trainingRecord)
        let test = try #require((try JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])?["test"] as? [String: Any])
        #expect(test["corpus"] as? [String] == [corpus.path])
        #expect(test["pieceCount"] as? Int == 6)

        // A half-precision file stays half precision: recording rewrites it without loss, at the same size.
        let model16 = try NeuraModel.load(contentsOf: URL(fileURLWithPath: path("m.safetensors")))
        try model16.write(to: URL(fileURLWithPath: path("h.safetensors")), halfPrecision: true)
        let size = { (try FileManager.default.attributesOfItem(atPath: self.path("h.safetensors")))[.size] as? Int }
        let (sizeBefore, halfBefore) = (try size(), try weights(path("h.safetensors")))
        let again = try NeuraScoreBinary.run(["eval", "--model", path("h.safetensors"), corpus.path, "--record"])
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(try weights(path("h.safetensors")) == halfBefore)
        #expect(abs((try size() ?? 0) - (sizeBefore ?? 0)) < 400, "only the record grew")
    }

    @Test func evalRefusesAMissingModelAndBadOptionsAreUsageErrors() throws {
        let missing = try NeuraScoreBinary.run(["eval", "--model", path("none.safetensors"), corpus.path])
        #expect(missing.exitCode != 0)
        #expect(missing.stderr.contains("none.safetensors"))
        let both = try NeuraScoreBinary.run(["train", corpus.path, "--out", path("x.safetensors"), "--steps", "2", "--epochs", "1"])
        #expect(both.exitCode == 64)
    }
}
