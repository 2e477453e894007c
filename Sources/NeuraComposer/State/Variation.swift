import NeuraMusic

/// One event the model could have chosen instead, with the probability it gave it.
public struct NoteAlternative: Hashable, Sendable, Codable {
    public var pitch: Int
    public var probability: Double

    public init(pitch: Int, probability: Double) {
        self.pitch = pitch
        self.probability = probability
    }
}

/// A sampled note together with what the model thought of the other choices at that point.
public struct GeneratedNote: Hashable, Sendable, Codable {
    public var note: Note
    /// Most probable first; empty when the generator does not report them.
    public var alternatives: [NoteAlternative]

    public init(note: Note, alternatives: [NoteAlternative] = []) {
        self.note = note
        self.alternatives = alternatives
    }
}

/// One continuation of the seed. Kept apart from the seed until the user accepts it.
public struct Variation: Hashable, Sendable, Codable {
    public var notes: [GeneratedNote]
    /// The model's predictive entropy (nats) at each grid step it sampled.
    public var entropyByStep: [Int: Double]

    public init(notes: [GeneratedNote] = [], entropyByStep: [Int: Double] = [:]) {
        self.notes = notes
        self.entropyByStep = entropyByStep
    }
}
