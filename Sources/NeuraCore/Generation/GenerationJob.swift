import NeuraMusic

/// One request for new music, the same for `neurascore generate`, `harmonize`, `infill` and
/// the composer: the music as it stands, the steps to write, and how to sample them.
///
/// An LSTM reads left to right. Notes of `score` that start before `range` are the context the
/// model hears first. Notes that start inside `range` are replaced, except those of
/// `keptParts`, which the model writes around. Notes that start after the range are the music
/// it must lead into. A model trained with controls hears the kept notes, the music after the
/// range and the end ahead of their time; a model without them plays the kept notes as they
/// come (the forced-melody method) and cannot hear past the range.
///
/// `pick`, when set, is the model's view at work: a note the user chose at the range's first
/// step. The model hears the notes of `score` that start on that step and come before the pick
/// in the encoding's order, then the pick, and samples everything after it.
public struct GenerationJob: Sendable, Hashable {
    public var score: Score
    /// Grid steps to fill.
    public var range: Range<Int>
    public var pick: Note?
    public var controls: GenerationControls
    /// Parts of `score`, by index, whose notes in the range are given: harmonising a melody
    /// keeps the melody's part.
    public var keptParts: Set<Int>
    public var ending: Ending
    /// The key a closing cadence is in: the seed file's key signature where it has one. nil: the
    /// score's key signature unless it is the default C major, else estimated from the notes
    /// (Krumhansl–Schmuckler), as for music typed in.
    public var key: Scale?

    /// How the music stops.
    public enum Ending: String, Sendable, Hashable, Codable {
        /// Where the range ends, whatever is happening there (a continuation, a filled gap).
        case open
        /// The piece ends with the range: on the tonic chord under `Cadence.tonic` (see
        /// `ClosingCadence`); left free, on a close a model trained with controls prepares for,
        /// while others are cut there.
        case atRangeEnd
        /// The model ends the piece itself, at the latest where the range ends.
        case byTheModel
    }

    public init(
        score: Score, range: Range<Int>, pick: Note? = nil, controls: GenerationControls = GenerationControls(),
        keptParts: Set<Int> = [], ending: Ending = .open
    ) {
        self.score = score
        self.range = range
        self.pick = pick
        self.controls = controls
        self.keptParts = keptParts
        self.ending = ending
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
                "at most \(GenerationLimits.bars.upperBound) bars can be generated at once (asked for "
                    + "\((range.count + max(1, score.stepsPerBar) - 1) / max(1, score.stepsPerBar)) bars)")
        }
        if let pick, pick.start != range.lowerBound {
            throw .invalidRange("the picked note starts at step \(pick.start), not where the range starts (\(range.lowerBound))")
        }
        if ending != .open, let later = score.notes.first(where: { $0.start >= range.upperBound }) {
            throw .invalidRange(
                "the piece cannot end at \(ScorePosition(step: range.upperBound, in: score)): the seed goes on to "
                    + "\(ScorePosition(step: later.start, in: score))")
        }
    }
}
