/// A point of a score as musicians name it: bar, beat and grid step within the beat, counted
/// from 1 ("5:2:3"). The composer's status line shows it, and the CLI takes it (`--start 5`,
/// `--end 9:1:1`).
public struct ScorePosition: Hashable, Sendable {
    public var bar: Int
    public var beat: Int
    public var step: Int

    public init(bar: Int, beat: Int = 1, step: Int = 1) {
        self.bar = bar
        self.beat = beat
        self.step = step
    }

    /// The position of grid step `step` in `score`'s meter.
    public init(step: Int, in score: Score) {
        let perBar = score.stepsPerBar
        let perBeat = score.stepsPerBeat
        bar = step / perBar + 1
        beat = (step % perBar) / perBeat + 1
        self.step = step % perBeat + 1
    }

    /// "5", "5:2" or "5:2:3".
    public init(parsing text: String) throws(ScorePositionError) {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(fields.count) else { throw .unreadable(text) }
        var numbers: [Int] = []
        for field in fields {
            guard let number = Int(field), number >= 1 else { throw .unreadable(text) }
            numbers.append(number)
        }
        self.init(bar: numbers[0], beat: numbers.count > 1 ? numbers[1] : 1, step: numbers.count > 2 ? numbers[2] : 1)
    }

    /// The grid step in `score`'s meter; throws when the beat or step does not exist there.
    public func gridStep(in score: Score) throws(ScorePositionError) -> Int {
        let beats = max(1, score.stepsPerBar / score.stepsPerBeat)
        guard beat <= beats else { throw .noSuchBeat(self, beatsPerBar: beats) }
        guard step <= score.stepsPerBeat else { throw .noSuchStep(self, stepsPerBeat: score.stepsPerBeat) }
        return (bar - 1) * score.stepsPerBar + (beat - 1) * score.stepsPerBeat + (step - 1)
    }

    public var description: String { "\(bar):\(beat):\(step)" }
}

extension ScorePosition: CustomStringConvertible {}

public enum ScorePositionError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(String)
    case noSuchBeat(ScorePosition, beatsPerBar: Int)
    case noSuchStep(ScorePosition, stepsPerBeat: Int)

    public var description: String {
        switch self {
        case .unreadable(let text):
            "\"\(text)\" is not a position: write BAR, BAR:BEAT or BAR:BEAT:STEP, counted from 1 (e.g. 5 or 5:2:3)"
        case .noSuchBeat(let position, let beats):
            "position \(position): a bar has \(beats) beat\(beats == 1 ? "" : "s") in this meter"
        case .noSuchStep(let position, let steps):
            "position \(position): a beat has \(steps) grid step\(steps == 1 ? "" : "s")"
        }
    }
}

extension Score {
    /// Grid steps per beat of the time signature (a quarter in 4/4, an eighth in 6/8); at least one.
    public var stepsPerBeat: Int {
        max(1, stepsPerQuarter * 4 / max(timeSignature.denominator, 1))
    }
}
