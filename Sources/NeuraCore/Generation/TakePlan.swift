import NeuraMusic

/// What a take writes around its seed, as the CLI's commands ask for it.
public enum TakePlan: Sendable, Hashable {
    /// `generate`: from `start` (nil: after the seed) to `end` (nil: `bars` later).
    case continuation(start: ScorePosition?, end: ScorePosition?, bars: Int, ending: GenerationJob.Ending)
    /// `harmonize`: the seed's parts are kept (as `keep` names the model's voices, or matched by
    /// name and register), and `voices` (nil: all the others) are written under them.
    case harmonization(keep: [String]?, voices: [String]?, transpose: Int)
    /// `infill`: bars `bars` (counted from 1) are written anew to lead into what follows.
    case infill(bars: ClosedRange<Int>)

    /// A harmonisation and a fill come back as one piece, a track per part; a continuation keeps
    /// the seed and the new music on tracks of their own.
    var writesWholeParts: Bool {
        if case .continuation = self { return false }
        return true
    }

    func job(seed: Score, model: NeuraModel) throws -> (GenerationJob, [String]) {
        switch self {
        case .continuation(let start, let end, let bars, let ending):
            return try Self.continuation(seed: seed, start: start, end: end, bars: bars, ending: ending, model: model)
        case .harmonization(let keep, let voices, let transpose):
            return try Harmonization(model: model, keep: keep, voices: voices, transpose: transpose).job(melody: seed)
        case .infill(let bars):
            return try Self.infill(seed: seed, bars: bars)
        }
    }

    static func continuation(
        seed: Score, start: ScorePosition?, end: ScorePosition?, bars: Int, ending: GenerationJob.Ending, model: NeuraModel
    ) throws -> (GenerationJob, [String]) {
        if end == nil, !GenerationLimits.bars.contains(bars) {
            throw GenerationError.invalidControl(
                "length must be \(GenerationLimits.describe(GenerationLimits.bars)) bars (got \(bars))")
        }
        let seedEnd = max(seed.length, seed.notes.map(\.end).max() ?? 0)
        let startStep = try start?.gridStep(in: seed) ?? seedEnd
        let endStep = try end?.gridStep(in: seed) ?? startStep + bars * max(1, seed.stepsPerBar)
        if ending == .atRangeEnd, endStep <= seedEnd {
            throw GenerationError.invalidRange(
                "the piece cannot end at \(ScorePosition(step: endStep, in: seed)): the seed goes on to "
                    + "\(ScorePosition(step: seedEnd, in: seed)); ask for a later bar")
        }
        guard endStep > startStep else {
            throw GenerationError.invalidRange(
                "the end (\(ScorePosition(step: endStep, in: seed))) must come after the start "
                    + "(\(ScorePosition(step: startStep, in: seed)))")
        }
        var score = seed
        let replaced = score.notes.filter { $0.start > startStep }
        score.notes.removeAll { $0.start > startStep }
        let opening = score.notes.filter { $0.start == startStep }
        let pick = opening.max { model.encoding.eventOrder($0, $1) }
        var notices: [String] = []
        if !replaced.isEmpty {
            notices.append(
                "\(replaced.count) seed note\(replaced.count == 1 ? "" : "s") after \(ScorePosition(step: startStep, in: seed)) replaced")
        }
        let job = GenerationJob(score: score, range: startStep..<endStep, pick: pick, ending: ending)
        return (job, notices)
    }

    static func infill(seed: Score, bars: ClosedRange<Int>) throws -> (GenerationJob, [String]) {
        let perBar = max(1, seed.stepsPerBar)
        let seedEnd = max(seed.length, seed.notes.map(\.end).max() ?? 0)
        let lastBar = (seedEnd + perBar - 1) / perBar
        guard bars.lowerBound >= 1, bars.upperBound <= lastBar else {
            throw GenerationError.invalidRange(
                "bars \(bars.lowerBound)..\(bars.upperBound) are outside the piece, which has bars 1..\(lastBar)")
        }
        let range = (bars.lowerBound - 1) * perBar..<(bars.upperBound * perBar)
        let replaced = seed.notes.filter { range.contains($0.start) }.count
        let notices = ["\(replaced) note\(replaced == 1 ? "" : "s") of bars \(bars.lowerBound)..\(bars.upperBound) replaced"]
        return (GenerationJob(score: seed, range: range), notices)
    }
}
