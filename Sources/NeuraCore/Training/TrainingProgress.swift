import Foundation

/// Turns training events into progress text: on a terminal one status line redrawn in place
/// (step, loss, validation NLL, tokens/s, ETA), otherwise a plain line every `interval`
/// seconds and at every validation and save, so logs keep a readable history.
public struct TrainingProgress: Sendable {
    public let isTerminal: Bool
    public let interval: Double
    private var lastLine: Double?
    private var validationNLL: Double?

    public init(isTerminal: Bool, interval: Double? = nil) {
        self.isTerminal = isTerminal
        self.interval = interval ?? (isTerminal ? 0.2 : 10)
    }

    /// The text to write for `event` (with its own line ending or carriage return), or nil.
    public mutating func text(for event: TrainingEvent) -> String? {
        switch event {
        case let .step(step, startStep, total, loss, rate, tokensPerSecond, elapsed):
            let isLast = step == total
            if let lastLine, !isLast, elapsed - lastLine < interval { return nil }
            lastLine = elapsed
            let line = Self.statusLine(
                step: step, startStep: startStep, total: total, loss: loss, learningRate: rate, validationNLL: validationNLL,
                tokensPerSecond: tokensPerSecond, elapsed: elapsed)
            return isTerminal ? "\r" + Self.bar(step: step, total: total) + " " + line + "\u{1B}[K" : line + "\n"
        case let .validated(step, nll):
            validationNLL = nll
            return (isTerminal ? "\r\u{1B}[K" : "") + "step \(step): validation NLL \(String(format: "%.4f", nll)) nats/token\n"
        case let .saved(step, model, checkpoint):
            return (isTerminal ? "\r\u{1B}[K" : "") + "step \(step): saved \(model.path) and \(checkpoint.lastPathComponent)\n"
        }
    }

    public static func statusLine(
        step: Int, startStep: Int = 0, total: Int, loss: Float, learningRate: Float, validationNLL: Double?,
        tokensPerSecond: Double, elapsed: Double
    ) -> String {
        let stepsPerSecond = elapsed > 0 ? Double(step - startStep) / elapsed : 0
        let remaining = stepsPerSecond > 0 ? Double(total - step) / stepsPerSecond : nil
        let validation = validationNLL.map { String(format: "%.4f", $0) } ?? "-"
        return "train step \(step)/\(total) loss \(String(format: "%.4f", loss)) val \(validation) "
            + "lr \(String(format: "%.2e", learningRate)) \(Int(tokensPerSecond.rounded())) tok/s ETA \(format(duration: remaining))"
    }

    static func bar(step: Int, total: Int, width: Int = 20) -> String {
        let filled = total > 0 ? min(width, step * width / total) : width
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    static func format(duration: Double?) -> String {
        guard let duration, duration.isFinite, duration >= 0 else { return "--:--" }
        let seconds = Int(duration.rounded())
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
