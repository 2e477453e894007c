import NeuraMusic

/// A note the model could have written instead, with the probability it gave it.
public struct NoteAlternative: Sendable, Hashable, Codable {
    public var pitch: Int
    /// The part it would have gone in (a part-aware model weighs every part's notes at once).
    public var part: Int
    public var probability: Double

    public init(pitch: Int, part: Int = 0, probability: Double) {
        self.pitch = pitch
        self.part = part
        self.probability = probability
    }

    private enum CodingKeys: String, CodingKey { case pitch, part, probability }

    /// Sessions saved before parts have no "part": those alternatives are all in part 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pitch = try container.decode(Int.self, forKey: .pitch)
        part = try container.decodeIfPresent(Int.self, forKey: .part) ?? 0
        probability = try container.decode(Double.self, forKey: .probability)
    }
}

/// A sampled note with what the model thought when it chose it.
public struct SampledNote: Sendable, Hashable, Codable {
    public var note: Note
    /// The most likely pitches at that decision, most likely first, the sampled one among them;
    /// empty for a note the model did not choose (a pick).
    public var alternatives: [NoteAlternative]

    public init(note: Note, alternatives: [NoteAlternative] = []) {
        self.note = note
        self.alternatives = alternatives
    }
}

public struct SampledVariation: Sendable, Hashable {
    public var notes: [SampledNote] = []
    /// The tokens sampled after the context, in order.
    public var tokens: [Int] = []
    /// Entropy in nats of the model's decisions at each step of the range.
    public var stepEntropy: [Float] = []
    public var warnings: [String] = []
    /// The final temperature (the loop guard may have raised it).
    public var finalTemperature: Float = 1
}

public struct GenerationResult: Sendable, Hashable {
    /// What the model heard before sampling, as it heard it (fitted to its encoding): the notes
    /// before the range, and the pick with the notes it follows.
    public var context: Score
    /// The steps the variations fill.
    public var range: Range<Int>
    public var variations: [SampledVariation]
    /// What the model had to change in the music it was given, for the status line or stderr
    /// (e.g. parts merged for a single-voice model).
    public var notices: [String] = []

    /// The context plus one variation's notes, ready to export.
    public func score(variation: Int) -> Score {
        var score = context
        score.notes = (context.notes + variations[variation].notes.map(\.note)).sorted(by: Score.noteOrder)
        score.length = max(context.length, range.upperBound)
        return score
    }
}

/// The parts a model writes in, and which part of a job's score it hears as each: a caller that
/// keeps its own parts (the composer) files the model's notes under them with this.
public struct ModelParts: Sendable, Hashable {
    /// What the `part` of the model's notes and alternatives indexes: the encoding's roles, or one
    /// part for a single-voice model.
    public var parts: [Part]
    /// Each part of the job's score that the model hears (its notes before the range, kept in it,
    /// or after it), and the model part it hears it as. Several parts may share one.
    public var heardAs: [Int: Int]

    public init(parts: [Part], heardAs: [Int: Int]) {
        self.parts = parts
        self.heardAs = heardAs
    }
}

/// What a generation streams while it runs; `variation` counts from 0 within the job.
public enum GenerationEvent: Sendable, Hashable {
    /// Sent once, first: the parts the notes and alternatives that follow are in.
    case parts(ModelParts)
    /// Sent once, before any note, for a job with a pick: the notes on the range's first step
    /// that the model heard before sampling (those before the pick in the encoding's order,
    /// then the pick). The other notes of `score` on that step are being sampled anew.
    case opening([Note])
    case note(variation: Int, SampledNote)
    /// `step` of `total` steps of the range are decided in this variation.
    case progress(variation: Int, step: Int, total: Int)
    /// The model's entropy (nats) over the decisions it took at `step`, final once the clock has
    /// moved past that step.
    case entropy(variation: Int, step: Int, nats: Float)
    case warning(variation: Int, String)
    /// Sent once, before sampling: something the model had to change about the music it was
    /// given, or cannot do with it ("this model writes one voice: the parts were merged into one").
    case notice(String)
}
