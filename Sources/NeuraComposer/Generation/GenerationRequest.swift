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

/// The one thing the composer needs from a model. The contract:
/// - Prime on every note of `request.seed` in score order (tempo, meter and `seed.style` travel
///   with it), then sample events until `request.endStep`; sampled notes start at or after
///   `request.startStep`, the "now" of the continuation (for `g`, the end of the last seed
///   note; for a regenerated range, its first step; for a resample, the picked note's start).
/// - Sample `request.variationCount` continuations (batched into one pass if you can) and emit
///   each note as `.note(variation:_:)`, in time order within its variation, as soon as it is
///   known, so the roll fills in while the user watches.
/// - Optionally emit `.entropy` (nats, per grid step sampled) and give each note its top
///   alternatives (at most 9, most probable first, the sampled one included); the composer
///   shows them and resamples from a picked one with a new request.
/// - Honour `temperature`, `topP`, `rngSeed` (the same request gives the same notes), `scale`
///   (nil: no lock) and `modelPath` (nil: the bundled model for `style`).
/// - Called on a background queue. Check `isCancelled` at least once per sampled step and
///   return early (without throwing) when it says so. Throw a typed error with a readable
///   description (a missing model, a bad file); it is shown on the status line.
public protocol NoteGenerator: Sendable {
    func generate(
        request: GenerationRequest, emit: (GenerationEvent) -> Void, isCancelled: () -> Bool
    ) throws
}
