import Foundation
import NeuraLSTM
import NeuraMusic
import Testing

/// `neurascore train` killed with SIGKILL at random moments, then resumed with `--resume`,
/// ends with the same weights, bit for bit, as one uninterrupted run with the same seed.
/// `NEURASCORE_KILL_RUNS` sets how many kills to try (default 4, kept small for CI).
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
        let started = Date()
        let straight = try NeuraScoreBinary.run(trainArguments(out: path("straight.safetensors")), timeout: 300)
        let straightSeconds = Date().timeIntervalSince(started)
        #expect(straight.exitCode == 0, "\(straight.stderr)")

        let model = path("killed.safetensors")
        let checkpoint = path("killed.ckpt.safetensors")
        var rng = SystemRandomNumberGenerator()
        var stepsAfterKills: [Int?] = []
        var finished = false
        for _ in 0..<kills {
            var arguments = trainArguments(out: model)
            if try checkpointStep(checkpoint) != nil {
                arguments = ["train", corpus.path, "--out", model, "--steps", String(Self.steps), "--resume", checkpoint, "--threads", "1"]
            }
            let delay = Double.random(in: 0.05...max(0.1, straightSeconds), using: &rng)
            let run = try NeuraScoreBinary.run(arguments, timeout: 300, killAfter: delay)
            if !run.killed {
                #expect(run.exitCode == 0, "\(run.stderr)")
                finished = true
                break
            }
            stepsAfterKills.append(try checkpointStep(checkpoint))
        }
        if !finished {
            let arguments = try checkpointStep(checkpoint) == nil
                ? trainArguments(out: model)
                : ["train", corpus.path, "--out", model, "--steps", String(Self.steps), "--resume", checkpoint, "--threads", "1"]
            let last = try NeuraScoreBinary.run(arguments, timeout: 300)
            #expect(last.exitCode == 0, "\(last.stderr)")
        }
        #expect(try checkpointStep(checkpoint) == Self.steps)
        #expect(try weights(model) == weights(path("straight.safetensors")), "checkpoint steps after each kill: \(stepsAfterKills)")
        // Whatever the timing, at least one kill must have cut a run short between two checkpoints.
        if kills > 0 {
            #expect(
                stepsAfterKills.contains { $0.map { 0 < $0 && $0 < Self.steps } ?? false },
                "no kill landed mid-run: checkpoint steps after each kill \(stepsAfterKills); one run took \(straightSeconds) s")
        }
    }
}
