import NeuraCore
import NeuraMusic

/// One take of the last generation, kept apart from the seed until the user accepts it. Its
/// notes are NeuraCore's `SampledNote`s: each with the pitches the model weighed for it.
public struct Variation: Hashable, Sendable, Codable {
    public var notes: [SampledNote]
    /// The model's predictive entropy (nats) at each grid step it sampled.
    public var entropyByStep: [Int: Double]

    public init(notes: [SampledNote] = [], entropyByStep: [Int: Double] = [:]) {
        self.notes = notes
        self.entropyByStep = entropyByStep
    }
}
