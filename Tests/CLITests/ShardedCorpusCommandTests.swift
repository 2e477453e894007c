import Foundation
import NeuraLSTM
import NeuraMusic
import Testing

/// `encode --shard-tokens` from the command line, and `train` / `eval` reading the shards as they
/// read the unsharded token file.
@Suite struct ShardedCorpusCommandTests {
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-shards-cli-\(UUID().uuidString)")
        let corpus = folder.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for index in 0..<5 {
            var rng = SplitMix64(seed: UInt64(40 + index))
            let notes = (0..<(8 + 3 * index)).map { step in Note(pitch: 57 + Int(rng.next() % 10), start: step, length: 1) }
            try MIDIWriter.write(MIDIFile(score: Score(notes: notes)), to: corpus.appendingPathComponent("p\(index).mid"))
        }
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @Test func trainAndEvalSeeTheSameTokensInShardsAsInTheTokenFile() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try NeuraScoreBinary.run(["encode", path("corpus"), "-o", path("plain"), "--transpose=0..1"])
        #expect(plain.exitCode == 0, "\(plain.stderr)")
        let sharded = try NeuraScoreBinary.run(
            ["encode", path("corpus"), "-o", path("shards"), "--transpose=0..1", "--shard-tokens", "60", "--jobs", "2"])
        #expect(sharded.exitCode == 0, "\(sharded.stderr)")
        #expect(sharded.stdout.contains("10 piece(s)") && sharded.stdout.contains("wrote \(path("shards/index.json"))"))
        let index = try ShardIndex.read(contentsOf: URL(fileURLWithPath: path("shards/index.json")))
        #expect(index.shards.count > 1)

        let options = ["--layers", "1", "--hidden", "6", "--embed", "3", "--seq-len", "8", "--batch", "2", "--steps", "2",
                       "--val-split", "0.2", "--dropout", "0", "--threads", "1", "--eval-every", "0"]
        for (corpus, model) in [(path("plain"), "a.safetensors"), (path("shards"), "b.safetensors")] {
            let run = try NeuraScoreBinary.run(["train", corpus, "--out", path(model)] + options)
            #expect(run.exitCode == 0, "\(run.stderr)")
        }
        let a = try LSTMModelFile.read(contentsOf: URL(fileURLWithPath: path("a.safetensors"))).tensors
        let b = try LSTMModelFile.read(contentsOf: URL(fileURLWithPath: path("b.safetensors"))).tensors
        #expect(a == b, "the same pieces, split and batches")

        let evalPlain = try NeuraScoreBinary.run(["eval", "--model", path("a.safetensors"), path("plain"), "--json"])
        let evalShards = try NeuraScoreBinary.run(["eval", "--model", path("a.safetensors"), path("shards/index.json"), "--json"])
        #expect(evalPlain.exitCode == 0 && evalShards.exitCode == 0, "\(evalPlain.stderr) \(evalShards.stderr)")
        #expect(evalPlain.stdout == evalShards.stdout)

        let refused = try NeuraScoreBinary.run(["encode", path("corpus"), "-o", path("x"), "--jobs", "2"])
        #expect(refused.exitCode != 0 && refused.stderr.contains("--jobs works with --shard-tokens"))
    }
}
