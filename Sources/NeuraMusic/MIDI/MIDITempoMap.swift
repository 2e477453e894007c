/// Converts ticks to seconds for one timeline: the whole file for formats 0 and 1, one
/// track for format 2. Until the first tempo event the tempo is 120 BPM, as the SMF
/// specification says. SMPTE files count real time directly and ignore tempo events.
public struct MIDITempoMap: Sendable {
    public static let defaultMicrosecondsPerQuarter = 500_000

    private struct Segment {
        var tick: Int
        var seconds: Double
        var secondsPerTick: Double
    }

    private let segments: [Segment]

    /// `changes` are (tick, microseconds per quarter) in any order; at one tick the last given wins.
    public init(division: MIDIFile.Division, changes: [(tick: Int, microsecondsPerQuarter: Int)]) {
        switch division {
        case .smpte(let framesPerSecond, let ticksPerFrame):
            // 29 stands for 30 drop-frame, which runs at 30000/1001 frames per second.
            let frameRate = framesPerSecond == 29 ? 30_000.0 / 1_001.0 : Double(framesPerSecond)
            segments = [Segment(tick: 0, seconds: 0, secondsPerTick: 1 / (frameRate * Double(ticksPerFrame)))]
        case .ticksPerQuarter(let ticksPerQuarter):
            func secondsPerTick(_ microseconds: Int) -> Double {
                Double(microseconds) / 1_000_000 / Double(ticksPerQuarter)
            }
            let ordered = changes.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }
            var built = [Segment(tick: 0, seconds: 0, secondsPerTick: secondsPerTick(Self.defaultMicrosecondsPerQuarter))]
            for (_, change) in ordered {
                let last = built[built.count - 1]
                let tick = max(change.tick, 0)
                let segment = Segment(
                    tick: tick, seconds: last.seconds + Double(tick - last.tick) * last.secondsPerTick,
                    secondsPerTick: secondsPerTick(change.microsecondsPerQuarter))
                if last.tick == tick { built[built.count - 1] = segment } else { built.append(segment) }
            }
            segments = built
        }
    }

    public func seconds(atTick tick: Int) -> Double {
        // Binary search for the last segment starting at or before `tick`.
        var low = 0
        var high = segments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if segments[middle].tick <= tick { low = middle } else { high = middle - 1 }
        }
        let segment = segments[low]
        return segment.seconds + Double(tick - segment.tick) * segment.secondsPerTick
    }
}
