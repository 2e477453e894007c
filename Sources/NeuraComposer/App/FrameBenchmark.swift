import Foundation
import NeuraCore
import NeuraMusic

/// Times layout and render of a full screen, the work done per frame (not counting the
/// terminal's own output). The target is under 5 ms for 200×60 with 2,000 notes, so that a
/// frame never holds up a key even while the model samples on the other core.
public enum FrameBenchmark {
    public struct Result: Sendable, CustomStringConvertible {
        public var columns: Int
        public var rows: Int
        public var noteCount: Int
        public var frames: Int
        public var medianMilliseconds: Double
        /// The 95th percentile; on a loaded machine the worst frame mostly measures preemption.
        public var p95Milliseconds: Double
        public var worstMilliseconds: Double
        /// The same frames in this thread's CPU time: what the frame costs without preemption
        /// by other processes, which dominates the wall-clock tail on a busy machine.
        public var cpuMedianMilliseconds: Double
        public var cpuP95Milliseconds: Double

        public var description: String {
            "frame \(columns)x\(rows), \(noteCount) notes, \(frames) frames: median \(fixed(medianMilliseconds, decimals: 3)) ms, "
                + "p95 \(fixed(p95Milliseconds, decimals: 3)) ms, worst \(fixed(worstMilliseconds, decimals: 3)) ms; "
                + "CPU time median \(fixed(cpuMedianMilliseconds, decimals: 3)) ms, p95 \(fixed(cpuP95Milliseconds, decimals: 3)) ms "
                + "(target < 5 ms)"
        }
    }

    /// A dense pseudo-random score, half seed and half generated, with the cursor moving so
    /// that every frame scrolls.
    public static func run(columns: Int = 200, rows: Int = 60, noteCount: Int = 2000, frames: Int = 200) -> Result {
        let frames = max(1, frames)
        var generator = SplitMix(seed: 7)
        var seed: [Note] = []
        var generated: [SampledNote] = []
        for index in 0..<noteCount {
            let note = Note(pitch: 48 + Int(generator.next() % 36), start: index / 4 * 2, length: 1 + Int(generator.next() % 8))
            if index % 2 == 0 { seed.append(note) } else { generated.append(SampledNote(note: note)) }
        }
        let entropy = Dictionary(generated.map { ($0.note.start, Double(generator.next() % 400) / 100) }, uniquingKeysWith: max)
        var state = ComposerState(
            document: ComposerDocument(score: Score(notes: seed), variations: [Variation(notes: generated, entropyByStep: entropy)]),
            viewSize: TerminalSize(columns: columns, rows: rows))
        state.cursor = Cursor(step: 0, pitch: 66)
        let options = RenderOptions(unicode: true)
        var times: [Double] = []
        var cpuTimes: [Double] = []
        for frame in 0..<frames {
            let started = DispatchTime.now().uptimeNanoseconds
            let cpuStarted = threadCPUMilliseconds()
            _ = reduce(&state, .key(frame % 40 < 20 ? .right : .left))
            let grid = render(state, size: state.viewSize, options: options)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            precondition(grid.cells.count == columns * rows)
            times.append(elapsed)
            cpuTimes.append(threadCPUMilliseconds() - cpuStarted)
        }
        times.sort()
        cpuTimes.sort()
        return Result(columns: columns, rows: rows, noteCount: noteCount, frames: frames,
                      medianMilliseconds: times[times.count / 2], p95Milliseconds: times[times.count * 95 / 100],
                      worstMilliseconds: times.last ?? 0, cpuMedianMilliseconds: cpuTimes[cpuTimes.count / 2],
                      cpuP95Milliseconds: cpuTimes[cpuTimes.count * 95 / 100])
    }
}

private func threadCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

/// SplitMix64: a tiny seeded generator, so benchmark scores are the same every run.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
