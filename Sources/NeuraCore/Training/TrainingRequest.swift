import Foundation

/// What `neurascore train` was asked to do, before anything is read.
public struct TrainingRequest: Sendable {
    /// MIDI files and folders, or token files from `neurascore encode`.
    public var corpus: [String]
    /// Pieces to validate on instead of (or besides) a split of `corpus`.
    public var validationCorpus: [String] = []
    /// The model file; its checkpoint goes beside it (see `TrainingCheckpoint.url(forModel:)`).
    public var output: URL
    public var overrides = TrainingOverrides()
    /// Grid for MIDI input when no model or token file fixes the encoding.
    public var stepsPerQuarter: Int?
    /// A STYLE token for every MIDI piece.
    public var style: String?
    /// A checkpoint to continue from.
    public var resume: URL?
    /// A model whose weights (and encoding) to start from.
    public var initialModel: URL?
    /// Engine threads; nil leaves the default (the cores OpenBLAS finds, or OPENBLAS_NUM_THREADS).
    public var threads: Int?

    public init(corpus: [String], output: URL) {
        self.corpus = corpus
        self.output = output
    }

    public var checkpoint: URL { TrainingCheckpoint.url(forModel: output) }
}

/// What a training run reports while it goes.
public enum TrainingEvent: Sendable {
    /// `elapsed` counts from `startStep`, where this run began (after the checkpoint on resume).
    case step(
        step: Int, startStep: Int, totalSteps: Int, loss: Float, learningRate: Float, tokensPerSecond: Double,
        elapsed: Double)
    case validated(step: Int, nll: Double)
    case saved(step: Int, model: URL, checkpoint: URL)
}
