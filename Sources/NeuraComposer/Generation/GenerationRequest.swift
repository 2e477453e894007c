import NeuraMusic

/// What the composer asks a generator for: continue `seed` from `startStep` for `lengthSteps`.
public struct GenerationRequest: Hashable, Sendable {
    /// Identifies the job; events of older jobs are dropped, so a cancelled job cannot leak in.
    public var jobID: Int
    /// The context to condition on (tempo, meter and the seed notes before `startStep`, plus,
    /// when regenerating a range, the notes after it).
    public var seed: Score
    public var startStep: Int
    public var lengthSteps: Int
    public var temperature: Double
    public var topP: Double
    public var rngSeed: UInt64
    public var style: String
    public var modelPath: String?
    public var scale: Scale?
    /// How many continuations to sample; the generator may batch them into one pass.
    public var variationCount: Int

    public init(
        jobID: Int, seed: Score, startStep: Int, lengthSteps: Int, temperature: Double, topP: Double,
        rngSeed: UInt64, style: String, modelPath: String?, scale: Scale?, variationCount: Int
    ) {
        self.jobID = jobID
        self.seed = seed
        self.startStep = startStep
        self.lengthSteps = lengthSteps
        self.temperature = temperature
        self.topP = topP
        self.rngSeed = rngSeed
        self.style = style
        self.modelPath = modelPath
        self.scale = scale
        self.variationCount = variationCount
    }

    public var endStep: Int { startStep + lengthSteps }
}

/// What a generator streams back while it works.
public enum GenerationEvent: Hashable, Sendable {
    /// A sampled note of variation `variation` (0-based), in time order within that variation.
    case note(variation: Int, GeneratedNote)
    /// The model's entropy in nats when it sampled at `step`.
    case entropy(variation: Int, step: Int, nats: Double)
    /// Overall progress, 0…1.
    case progress(Double)
}

/// The one thing the composer needs from a model. Called on a background queue; `emit` may be
/// called any number of times and posts to the UI. Check `isCancelled` at least once per
/// sampled step and return early (without throwing) when it says so. Throw a typed error with
/// a readable description for anything the user should see (a missing model, a bad file).
public protocol ContinuationGenerator: Sendable {
    func generate(
        request: GenerationRequest, emit: (GenerationEvent) -> Void, isCancelled: () -> Bool
    ) throws
}
