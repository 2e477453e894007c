import Foundation
import NeuraLSTM

/// The knobs of a training run, as recorded in the model's training metadata and in the
/// checkpoint. Defaults suit a small model on a few hundred pieces.
public struct TrainingHyperparameters: Codable, Hashable, Sendable {
    public var layers = 2
    public var hiddenSize = 256
    public var embeddingSize = 64
    /// Predicted positions per window; each window holds one token more.
    public var sequenceLength = 128
    public var batchSize = 32
    public var steps = 2000
    public var learningRate: Float = 2e-3
    public var warmupSteps = 100
    public var decay: LearningRateSchedule.Decay = .cosine
    /// The decay ends at learningRate × this.
    public var finalLearningRateFraction: Float = 0.1
    public var maxGradientNorm: Float = 1.0
    public var dropout: Float = 0.2
    /// Share of the pieces (by source file) held out for validation.
    public var validationFraction = 0.1
    public var transposeLow = 0
    public var transposeHigh = 0
    public var seed: UInt64 = 1
    public var checkpointEvery = 500
    public var evaluateEvery = 250

    public init() {}

    public var transpositions: ClosedRange<Int> { transposeLow...transposeHigh }

    public var schedule: LearningRateSchedule {
        LearningRateSchedule(
            peak: learningRate, warmupSteps: warmupSteps, decay: decay, totalSteps: steps,
            floor: learningRate * finalLearningRateFraction)
    }

    public var trainingOptions: TrainingOptions {
        TrainingOptions(schedule: schedule, maxGradientNorm: maxGradientNorm, dropout: dropout)
    }

    public func validate() throws(TrainingError) {
        func fail(_ why: String) -> TrainingError { .invalidOption(why) }
        guard layers >= 1, hiddenSize >= 1, embeddingSize >= 1 else {
            throw fail("--layers, --hidden and --embed must be positive, got \(layers), \(hiddenSize), \(embeddingSize)")
        }
        guard sequenceLength >= 1, batchSize >= 1 else {
            throw fail("--seq-len and --batch must be positive, got \(sequenceLength) and \(batchSize)")
        }
        guard steps >= 1 else { throw fail("--steps must be at least 1, got \(steps)") }
        guard learningRate.isFinite, learningRate > 0 else { throw fail("--lr must be positive, got \(learningRate)") }
        guard warmupSteps >= 0 else { throw fail("--warmup must not be negative, got \(warmupSteps)") }
        guard (0..<1).contains(dropout) else { throw fail("--dropout must be in [0, 1), got \(dropout)") }
        guard (0..<1).contains(validationFraction) else {
            throw fail("--val-split must be in [0, 1), got \(validationFraction)")
        }
        guard transposeLow <= transposeHigh, abs(transposeLow) <= 12, abs(transposeHigh) <= 12 else {
            throw fail("--transpose must be a range like -3..3 within -12…12, got \(transposeLow)..\(transposeHigh)")
        }
        guard checkpointEvery >= 0, evaluateEvery >= 0 else {
            throw fail("--checkpoint-every and --eval-every must not be negative")
        }
    }

    func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(json: String) throws -> TrainingHyperparameters {
        try JSONDecoder().decode(TrainingHyperparameters.self, from: Data(json.utf8))
    }
}

extension LearningRateSchedule.Decay: Codable {}

/// Options the user gave explicitly; nil keeps the default, the checkpoint's value (on resume)
/// or the initial model's shape (with --init).
public struct TrainingOverrides: Sendable, Hashable {
    public var layers: Int?
    public var hiddenSize: Int?
    public var embeddingSize: Int?
    public var sequenceLength: Int?
    public var batchSize: Int?
    public var steps: Int?
    public var epochs: Double?
    public var learningRate: Float?
    public var warmupSteps: Int?
    public var decay: LearningRateSchedule.Decay?
    public var dropout: Float?
    public var validationFraction: Double?
    public var transpositions: ClosedRange<Int>?
    public var seed: UInt64?
    public var checkpointEvery: Int?
    public var evaluateEvery: Int?

    public init() {}

    /// `base` with every given option applied. On resume (`lockedBy` names the checkpoint),
    /// an option that changes what was trained is refused; steps, checkpoint and evaluation
    /// intervals may change, so a finished run can be extended.
    func applied(
        to base: TrainingHyperparameters, lockedBy checkpoint: String?
    ) throws(TrainingError) -> TrainingHyperparameters {
        var result = base
        func set<Value: Equatable & CustomStringConvertible>(
            _ path: WritableKeyPath<TrainingHyperparameters, Value>, _ value: Value?, _ option: String
        ) throws(TrainingError) {
            guard let value else { return }
            if let checkpoint, base[keyPath: path] != value {
                throw .resumeMismatch(
                    checkpoint: checkpoint, field: option, checkpointValue: "\(base[keyPath: path])", requested: "\(value)")
            }
            result[keyPath: path] = value
        }
        try set(\.layers, layers, "--layers")
        try set(\.hiddenSize, hiddenSize, "--hidden")
        try set(\.embeddingSize, embeddingSize, "--embed")
        try set(\.sequenceLength, sequenceLength, "--seq-len")
        try set(\.batchSize, batchSize, "--batch")
        try set(\.learningRate, learningRate, "--lr")
        try set(\.warmupSteps, warmupSteps, "--warmup")
        if let decay {
            if let checkpoint, base.decay != decay {
                throw .resumeMismatch(
                    checkpoint: checkpoint, field: "--decay", checkpointValue: base.decay.rawValue, requested: decay.rawValue)
            }
            result.decay = decay
        }
        try set(\.dropout, dropout, "--dropout")
        try set(\.validationFraction, validationFraction, "--val-split")
        try set(\.transposeLow, transpositions?.lowerBound, "--transpose (low)")
        try set(\.transposeHigh, transpositions?.upperBound, "--transpose (high)")
        try set(\.seed, seed, "--seed")
        if let steps { result.steps = steps }
        if let checkpointEvery { result.checkpointEvery = checkpointEvery }
        if let evaluateEvery { result.evaluateEvery = evaluateEvery }
        return result
    }
}
