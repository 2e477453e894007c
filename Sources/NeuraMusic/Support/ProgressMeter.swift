import Foundation

/// Progress for long jobs (encode, train, eval): a redrawn bar with rate and ETA on a
/// terminal, plain lines now and then otherwise (logs and CI get a readable history).
///
/// The meter only formats and decides when to speak; `ProgressPrinter` writes to stderr.
public struct ProgressMeter: Sendable {
    public let label: String
    public let unit: String
    public let total: Int
    public let isTerminal: Bool
    /// Seconds between updates: redraws are cheap on a terminal, lines in a log are not.
    public let interval: Double
    private var lastUpdate: Double?
    private var reportedTheEnd = false

    public init(label: String, unit: String, total: Int, isTerminal: Bool, interval: Double? = nil) {
        self.label = label
        self.unit = unit
        self.total = max(total, 0)
        self.isTerminal = isTerminal
        self.interval = interval ?? (isTerminal ? 0.1 : 5)
    }

    /// The text to show for `done` units after `elapsed` seconds, or nil when it is too soon
    /// since the last one. The last unit gets a line, once: a job that reports its end again
    /// (`render` counts its release tail past the music, then reports the total) prints no
    /// second 100% line.
    public mutating func update(done: Int, elapsed: Double) -> String? {
        let isLast = done >= total
        if reportedTheEnd { return nil }
        if let lastUpdate, !isLast, elapsed - lastUpdate < interval { return nil }
        lastUpdate = elapsed
        reportedTheEnd = isLast
        return line(done: done, elapsed: elapsed)
    }

    public func line(done: Int, elapsed: Double) -> String {
        let fraction = total > 0 ? min(Double(done) / Double(total), 1) : 1
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : nil
        let percent = Int((fraction * 100).rounded(.down))
        let stats = "\(done)/\(total) \(unit) \(percent)% \(Self.format(rate: rate)) \(unit)/s ETA \(Self.format(duration: remaining))"
        guard isTerminal else { return "\(label): \(stats)" }
        let width = 24
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        return "\(label) \(bar) \(stats)"
    }

    static func format(rate: Double) -> String {
        rate >= 100 ? String(Int(rate.rounded())) : String(format: "%.1f", rate)
    }

    /// `m:ss`, or `h:mm:ss` past an hour; `--:--` when there is no estimate yet.
    static func format(duration: Double?) -> String {
        guard let duration, duration.isFinite, duration >= 0 else { return "--:--" }
        let seconds = Int(duration.rounded())
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        return hours > 0
            ? String(format: "%d:%02d:%02d", hours, minutes, rest)
            : String(format: "%d:%02d", minutes, rest)
    }
}

/// Writes a `ProgressMeter` to standard error: on a terminal one line redrawn in place,
/// otherwise a line per update.
public final class ProgressPrinter {
    private var meter: ProgressMeter
    private let started = Date()
    private var drewOnTerminal = false

    public init(label: String, unit: String, total: Int, isTerminal: Bool = ProgressPrinter.standardErrorIsTerminal) {
        meter = ProgressMeter(label: label, unit: unit, total: total, isTerminal: isTerminal)
    }

    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    public func update(done: Int) {
        guard let line = meter.update(done: done, elapsed: Date().timeIntervalSince(started)) else { return }
        if meter.isTerminal {
            // Carriage return, the line, then clear to the end of it.
            write("\r" + line + "\u{1B}[K")
            drewOnTerminal = true
        } else {
            write(line + "\n")
        }
    }

    /// Ends the redrawn line so what follows starts on a fresh one.
    public func finish() {
        if drewOnTerminal { write("\n") }
        drewOnTerminal = false
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
