import NeuraLSTM
import NeuraMusic

/// A sampled note with what the model thought when it chose it.
public struct SampledNote: Sendable, Hashable {
    public var note: Note
    /// Index, in its variation's `tokens`, of the pitch token that started the note.
    public var tokenIndex: Int
    /// The most likely pitches at that decision, the sampled one among them.
    public var alternatives: [TokenProbability]
}

public struct SampledVariation: Sendable, Hashable {
    public var notes: [SampledNote] = []
    /// The tokens sampled after the seed, in order.
    public var tokens: [Int] = []
    /// Entropy in nats of the model's decisions at each step of the continuation.
    public var stepEntropy: [Float] = []
    public var warnings: [String] = []
    /// The final temperature (the loop guard may have raised it).
    public var finalTemperature: Float = 1
}

public struct GenerationResult: Sendable, Hashable {
    /// The seed as the model saw it (fitted to its encoding).
    public var seed: Score
    /// The continuation spans steps start..<end.
    public var start: Int
    public var end: Int
    public var variations: [SampledVariation]

    /// The seed plus one variation's notes, ready to export.
    public func score(variation: Int) -> Score {
        var score = seed
        score.notes = (seed.notes + variations[variation].notes.map(\.note)).sorted(by: Score.noteOrder)
        score.length = max(seed.length, end)
        return score
    }
}

public enum ContinuationEvent: Sendable, Hashable {
    case note(variation: Int, SampledNote)
    /// `step` of `total` steps of the continuation are decided in this variation.
    case progress(variation: Int, step: Int, total: Int)
    /// The model's entropy (nats) over the decisions it took at `step`, final once the clock has
    /// moved past that step.
    case entropy(variation: Int, step: Int, nats: Float)
    case warning(variation: Int, String)
}
