import Foundation

/// Moves the playhead through the score in real time at the score's tempo.
/// This build has no audio output (no synthesiser is linked), so playback is visual only.
struct PlayheadClock {
    let startStep: Int
    let endStep: Int
    let stepsPerSecond: Double
    let startedAt: Date

    init(from startStep: Int, endStep: Int, tempo: Double, stepsPerQuarter: Int, now: Date = Date()) {
        self.startStep = startStep
        self.endStep = endStep
        stepsPerSecond = tempo / 60 * Double(stepsPerQuarter)
        startedAt = now
    }

    /// nil once the end is passed.
    func step(at now: Date = Date()) -> Int? {
        let step = startStep + Int(now.timeIntervalSince(startedAt) * stepsPerSecond)
        return step < endStep ? step : nil
    }

    /// How long to sleep so the playhead moves one cell at a time.
    var frameInterval: Double { max(0.01, 1 / max(1, stepsPerSecond)) }
}
