import NeuraMusic

/// One request for new music, the same for `neurascore generate` and the composer: the music
/// as it stands, the steps to write, and how to sample them.
///
/// An LSTM reads left to right. Notes of `score` that start before `range` are the context the
/// model hears first. Notes that start inside `range` are replaced. `pick`, when set, is the
/// model's view at work: a note the user chose at the range's first step. The model hears the
/// notes of `score` that start on that step and come before the pick in the encoding's order,
/// then the pick, and samples everything after it, the rest of that step included.
public struct GenerationJob: Sendable, Hashable {
    public var score: Score
    /// Grid steps to fill.
    public var range: Range<Int>
    public var pick: Note?
    public var controls: GenerationControls

    public init(score: Score, range: Range<Int>, pick: Note? = nil, controls: GenerationControls = GenerationControls()) {
        self.score = score
        self.range = range
        self.pick = pick
        self.controls = controls
    }

    /// `bars` bars of new music after everything in `score` (its length: the last note's end,
    /// or later for a file whose end-of-track comes later).
    public static func continuation(of score: Score, bars: Int, controls: GenerationControls = GenerationControls()) -> GenerationJob {
        let start = max(score.length, score.notes.map(\.end).max() ?? 0)
        return GenerationJob(score: score, range: start..<(start + bars * max(1, score.stepsPerBar)), controls: controls)
    }

    /// The longest range a job may fill: the bar limit in the score's own bars.
    public var maximumSteps: Int { GenerationLimits.bars.upperBound * max(1, score.stepsPerBar) }

    public func validate() throws(GenerationError) {
        try controls.validate()
        guard range.lowerBound >= 0, !range.isEmpty else {
            throw .invalidRange("the range to generate must be non-empty and start at step 0 or later (got \(range))")
        }
        guard range.count <= maximumSteps else {
            throw .invalidRange(
                "at most \(GenerationLimits.bars.upperBound) bars can be generated at once (asked for \(range.count) steps)")
        }
        if let pick, pick.start != range.lowerBound {
            throw .invalidRange("the picked note starts at step \(pick.start), not where the range starts (\(range.lowerBound))")
        }
    }
}
