import Foundation
import NeuraLSTM
import NeuraMusic
import Testing

/// `neurascore train` killed with SIGKILL at random steps, then resumed with `--resume`, ends
/// with the same weights, bit for bit, as one uninterrupted run with the same seed.
/// `NEURASCORE_KILL_RUNS` sets how many kills to try (default 4, kept small for CI); the kill
/// points come from a printed seed that `NEURASCORE_KILL_SEED` sets (see `KillTestSeed`).
@Suite struct TrainingKillResumeTests {
    private let folder: URL
    private let corpus: URL
    private static let steps = 40

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-kill-\(UUID().uuidString)")
        corpus = folder.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for index in 0..<6 {
            var rng = SplitMix64(seed: UInt64(index + 11))
            let notes = (0..<16).map { step in Note(pitch: 55 + Int(rng.next() % 12), start: step * 2, length: 2) }
            try MIDIWriter.write(MIDIFile(score: Score(notes: notes)), to: corpus.appendingPathComponent("p\(index).mid"))
        }
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A checkpoint and model after every step, so that a kill can land anywhere: in a step,
    /// between the two files, or in the middle of writing one.
    private func trainArguments(out: String) -> [String] {
        [
            "train", corpus.path, "--out", out, "--steps", String(Self.steps), "--checkpoint-every", "1", "--eval-every", "5",
            "--layers", "2", "--hidden", "8", "--embed", "4", "--seq-len", "10", "--batch", "2", "--lr", "0.01",
            "--warmup", "3", "--dropout", "0.2", "--seed", "7", "--threads", "1",
        ]
    }

    /// The Adam step a checkpoint holds; nil when there is none yet.
    private func checkpointStep(_ path: String) throws -> Int? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        // A checkpoint that exists must always be whole: that is what atomic writes promise.
        let file = try SafeTensors.read(contentsOf: URL(fileURLWithPath: path))
        return file.metadata["adam_step"].flatMap { Int($0) }
    }

    private func weights(_ path: String) throws -> [String: HostTensor] {
        try LSTMModelFile.read(contentsOf: URL(fileURLWithPath: path)).tensors
    }

    @Test func killedAndResumedTrainingEndsBitIdenticalToOneRun() throws {
        let kills = ProcessInfo.processInfo.environment["NEURASCORE_KILL_RUNS"].flatMap { Int($0) } ?? 4
        let straight = try NeuraScoreBinary.run(trainArguments(out: path("straight.safetensors")), timeout: 300)
        #expect(straight.exitCode == 0, "\(straight.stderr)")

        let model = path("killed.safetensors")
        let checkpoint = path("killed.ckpt.safetensors")
        let seed = KillTestSeed(test: "TrainingKillResumeTests")
        var rng = seed.generator
        var stepsAfterKills: [Int] = []
        for kill in 0..<kills {
            let done = try checkpointStep(checkpoint) ?? 0
            guard done < Self.steps - 1 else { break }
            let arguments = done == 0
                ? trainArguments(out: model)
                : ["train", corpus.path, "--out", model, "--steps", String(Self.steps), "--resume", checkpoint, "--threads", "1"]
            // Kill once the run has passed a random step, a random few milliseconds later: in a
            // step, between the checkpoint and the model, or in the middle of writing either.
            let stride = max(1, (Self.steps - 1 - done) / (kills - kill))
            let target = min(Self.steps - 1, done + Int.random(in: 1...stride, using: &rng))
            let jitter = Double.random(in: 0...0.02, using: &rng)
            var reachedAt: Date?
            let run = try NeuraScoreBinary.run(arguments, timeout: 300) {
                if let reachedAt { return Date().timeIntervalSince(reachedAt) >= jitter }
                if let step = try? self.checkpointStep(checkpoint), step >= target { reachedAt = Date() }
                return false
            }
            #expect(run.killed || run.exitCode == 0, "\(seed): \(run.stderr)")
            stepsAfterKills.append(try checkpointStep(checkpoint) ?? 0)
        }
        let reached = try checkpointStep(checkpoint) ?? 0
        if reached < Self.steps {
            let arguments = reached == 0
                ? trainArguments(out: model)
                : ["train", corpus.path, "--out", model, "--steps", String(Self.steps), "--resume", checkpoint, "--threads", "1"]
            let last = try NeuraScoreBinary.run(arguments, timeout: 300)
            #expect(last.exitCode == 0, "\(seed): \(last.stderr)")
        }
        #expect(try checkpointStep(checkpoint) == Self.steps, "\(seed)")
        // Temporary files of killed writers are gone once the files have been written again.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(seed): left behind: \(leftovers)")
        #expect(try weights(model) == weights(path("straight.safetensors")), "\(seed): checkpoint steps after each kill: \(stepsAfterKills)")
        // The kills must have cut runs short, not only hit runs that had finished.
        #expect(kills == 0 || stepsAfterKills.contains { $0 < Self.steps }, "\(seed): checkpoint steps after each kill: \(stepsAfterKills)")
    }
}
