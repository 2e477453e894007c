import Foundation
import NeuraCore
import NeuraLSTM
import NeuraMusic
import Testing

/// The Python with torch, numpy and safetensors that `Scripts/train_torch.py` needs, from
/// `$NEURASCORE_TORCH_PYTHON` (.ci/run sets it where a CPU wheel can be installed).
private let torchPython: URL? = {
    guard let path = ProcessInfo.processInfo.environment["NEURASCORE_TORCH_PYTHON"], !path.isEmpty,
          FileManager.default.isExecutableFile(atPath: path)
    else { return nil }
    return URL(fileURLWithPath: path)
}()

/// Issue 8's round trip: shards encoded here, a model trained on them by PyTorch DDP on two CPU
/// processes, then scored, composed with and trained further by neurascore as it is.
@Suite(.serialized, .enabled(
    if: torchPython != nil,
    "NEURASCORE_TORCH_PYTHON is not set to a Python with torch, numpy and safetensors, so the PyTorch round trip cannot run"))
struct TorchRoundTripTests {
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-torch-\(UUID().uuidString)")
        let corpus = folder.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for index in 0..<8 {
            var rng = SplitMix64(seed: UInt64(100 + index))
            var notes: [Note] = []
            for step in 0..<(10 + 2 * index) {
                let pitch = 55 + Int(rng.next() % 12)
                notes.append(Note(pitch: pitch, start: step * 2, length: 1 + Int(rng.next() % 3)))
                if rng.next() % 3 == 0 { notes.append(Note(pitch: pitch - 5, start: step * 2, length: 2, part: 1)) }
            }
            try MIDIWriter.write(MIDIFile(score: Score(notes: notes)), to: corpus.appendingPathComponent("p\(index).mid"))
        }
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func python(_ arguments: [String]) throws -> CommandResult {
        // One BLAS/OpenMP thread per process: the test machine may have two cores in all.
        try NeuraScoreBinary.run(
            arguments, environment: ["OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"], timeout: 300,
            executable: torchPython!)
    }

    private func torchrun(_ options: [String]) throws -> CommandResult {
        try python(
            ["-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
             NeuraScoreBinary.repositoryFile("Scripts/train_torch.py").path, path("shards")]
                + ["--layers", "2", "--hidden", "12", "--embed", "6", "--seq-len", "16", "--batch", "4", "--lr", "0.01",
                   "--warmup", "2", "--dropout", "0.1", "--transpose=-1..1", "--seed", "7", "--threads", "1",
                   "--eval-every", "3", "--checkpoint-every", "3"]
                + options)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// train_torch.py re-implements the split, the window sampler (with transposition) and the
    /// learning-rate schedule in Python; they must draw exactly what `neurascore train` draws.
    @Test func pythonDrawsTheSplitBatchesAndRatesOfNeuraScore() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let encode = try NeuraScoreBinary.run(["encode", path("corpus"), "-o", path("shards"), "--shard-tokens", "150"])
        try #require(encode.exitCode == 0, "\(encode.stderr)")
        let (seed, low, high, length, rows): (UInt64, Int, Int, Int, Int) = (9, -2, 3, 11, 5)
        let program = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            from neurascore_torch import read_tokens, split_by_source, WindowSampler, learning_rate
            tokens = read_tokens(sys.argv[2])
            training, validation = split_by_source(tokens.pieces, 0.25, \(seed))
            sampler = WindowSampler(training, tokens.encoding, \(length), \(rows), \(low), \(high), \(seed))
            batches = [sampler.batch(step) for step in (0, 1, 17)]
            print(json.dumps({"validation": [p.source for p in validation],
                              "tokens": [b[0].reshape(-1).tolist() for b in batches],
                              "weights": [b[1].reshape(-1).tolist() for b in batches],
                              "rates": [learning_rate(s, 0.01, 4, "cosine", 20, 0.001) for s in range(25)]}))
            """
        let run = try python(["-c", program, NeuraScoreBinary.repositoryFile("Scripts").path, path("shards")])
        try #require(run.exitCode == 0, "\(run.stderr)")
        let drawn = try json(run.stdout)

        let corpus = try TokenCorpus.load(paths: [path("shards")])
        let split = ValidationSplit.split(corpus.pieces, fraction: 0.25, seed: seed)
        #expect(drawn["validation"] as? [String] == split.validation.map(\.source))
        let sampler = try WindowSampler(
            pieces: split.training.map(\.tokens), encoding: corpus.encoding, sequenceLength: length, batchSize: rows,
            transpositions: low...high, seed: seed)
        let tokens = try #require(drawn["tokens"] as? [[Int]])
        let weights = try #require(drawn["weights"] as? [[Double]])
        for (index, step) in [0, 1, 17].enumerated() {
            let batch = try sampler.batch(forStep: step)
            #expect(batch.tokens == tokens[index], "batch \(step)")
            #expect((batch.weights ?? Array(repeating: 1, count: rows * length)).map(Double.init) == weights[index], "batch \(step)")
        }
        let schedule = LearningRateSchedule(peak: 0.01, warmupSteps: 4, decay: .cosine, totalSteps: 20, floor: 0.001)
        let rates = try #require(drawn["rates"] as? [Double])
        for (step, rate) in rates.enumerated() {
            #expect(abs(Double(schedule.rate(atStep: step)) - rate) <= 1e-6 * rate, "step \(step)")
        }
    }

    @Test func aModelTrainedByTorchDDPComposesEvaluatesAndTrainsOnInNeuraScore() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let encode = try NeuraScoreBinary.run(
            ["encode", path("corpus"), "-o", path("shards"), "--shard-tokens", "120", "--transpose=-1..1", "--jobs", "2"])
        #expect(encode.exitCode == 0, "\(encode.stderr)")

        let trained = try torchrun(["--out", path("torch.safetensors"), "--steps", "6"])
        try #require(trained.exitCode == 0, "\(trained.stdout)\n\(trained.stderr)")
        #expect(trained.stdout.contains("2 process(es) on cpu, fp32"))

        // The resume path: 3 steps, then on to 6 from the checkpoint, gives the same weights.
        let half = try torchrun(["--out", path("resumed.safetensors"), "--steps", "3"])
        try #require(half.exitCode == 0, "\(half.stderr)")
        let rest = try torchrun(["--out", path("resumed.safetensors"), "--steps", "6", "--resume", path("resumed.ckpt.pt")])
        try #require(rest.exitCode == 0, "\(rest.stderr)")
        #expect(try NeuraModel.load(contentsOf: URL(fileURLWithPath: path("resumed.safetensors"))).parameters.values
            == NeuraModel.load(contentsOf: URL(fileURLWithPath: path("torch.safetensors"))).parameters.values)

        // neurascore scores it as PyTorch does, to 1e-4 relative.
        let ours = try NeuraScoreBinary.run(["eval", "--model", path("torch.safetensors"), path("shards"), "--json"])
        try #require(ours.exitCode == 0, "\(ours.stderr)")
        let theirs = try python([NeuraScoreBinary.repositoryFile("Scripts/eval_torch.py").path, path("torch.safetensors"), path("shards")])
        try #require(theirs.exitCode == 0, "\(theirs.stderr)")
        let (a, b) = (try json(ours.stdout), try json(theirs.stdout))
        #expect(a["tokenCount"] as? Int == b["tokenCount"] as? Int)
        #expect(a["pieceCount"] as? Int == 24, "8 files × 3 transpositions")
        let (mine, reference) = (try #require(a["meanNLL"] as? Double), try #require(b["meanNLL"] as? Double))
        #expect(abs(mine - reference) <= 1e-4 * abs(reference), "neurascore \(mine), PyTorch \(reference)")

        // It composes with no conversion step.
        let take = try NeuraScoreBinary.run(
            ["generate", "--model", path("torch.safetensors"), "--seed-notes", "C4:1 E4:1 G4:2", "--length", "1",
             "-o", path("take.mid")])
        #expect(take.exitCode == 0, "\(take.stderr)")
        #expect(FileManager.default.fileExists(atPath: path("take.mid")))

        // And neurascore trains on from its weights, on the same shards.
        let tuned = try NeuraScoreBinary.run(
            ["train", path("shards"), "--init", path("torch.safetensors"), "--out", path("tuned.safetensors"), "--steps", "3",
             "--seq-len", "16", "--batch", "4", "--threads", "1", "--eval-every", "0", "--checkpoint-every", "0"])
        try #require(tuned.exitCode == 0, "\(tuned.stderr)")
        let start = try NeuraModel.load(contentsOf: URL(fileURLWithPath: path("torch.safetensors")))
        let end = try NeuraModel.load(contentsOf: URL(fileURLWithPath: path("tuned.safetensors")))
        #expect(end.parameters.config == start.parameters.config && end.encoding == start.encoding)
        #expect(end.parameters.values != start.parameters.values)

        let mismatch = try NeuraScoreBinary.run(
            ["train", path("shards"), "--init", path("torch.safetensors"), "--out", path("wrong.safetensors"), "--hidden", "32"])
        #expect(mismatch.exitCode != 0)
        #expect(mismatch.stderr.contains("has --hidden 12, but this run asks for 32"))
    }

    /// Scripts/torch_bench.py and `neurascore bench` print reports of one shape, key for key, so
    /// that the README's comparison can be rerun by anyone.
    @Test func torchBenchPrintsTheJSONOfNeuraScoresBench() throws {
        let theirs = try python([NeuraScoreBinary.repositoryFile("Scripts/torch_bench.py").path, "--quick", "--json"])
        try #require(theirs.exitCode == 0, "\(theirs.stderr)")
        let ours = try NeuraScoreBinary.run(["bench", "--quick", "--json"])
        try #require(ours.exitCode == 0, "\(ours.stderr)")
        func keyPaths(_ value: Any, _ prefix: String = "") -> Set<String> {
            if let object = value as? [String: Any] {
                return object.reduce(into: Set<String>()) { paths, entry in
                    paths.insert(prefix + "/" + entry.key)
                    paths.formUnion(keyPaths(entry.value, prefix + "/" + entry.key))
                }
            }
            if let array = value as? [Any] { return array.reduce(into: Set<String>()) { $0.formUnion(keyPaths($1, prefix + "[]")) } }
            return []
        }
        let torchReport = try json(theirs.stdout), ourReport = try json(ours.stdout)
        #expect(keyPaths(torchReport) == keyPaths(ourReport))
        #expect(keyPaths(ourReport).contains("/results[]/gen/2/tokens_per_s"))
        let torchMeta = try #require(torchReport["meta"] as? [String: Any]), ourMeta = try #require(ourReport["meta"] as? [String: Any])
        for key in ["vocab", "emb", "batch", "seq", "gen_tokens", "prime_len"] {
            #expect(torchMeta[key] as? Int == ourMeta[key] as? Int, "\(key)")
        }
    }
}
