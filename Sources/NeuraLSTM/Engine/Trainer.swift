/// How `LSTMTrainer` updates the model.
public struct TrainingOptions: Sendable, Hashable {
    public var schedule: LearningRateSchedule
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    /// Global-norm clipping as torch.nn.utils.clip_grad_norm_; nil turns it off.
    public var maxGradientNorm: Float?
    /// Dropout probability between LSTM layers during training (as nn.LSTM's `dropout`).
    public var dropout: Float
    /// Start each batch from the previous batch's final state (truncated BPTT) instead of zeros.
    /// Only meaningful when consecutive batches continue the same sequences.
    public var carriesState: Bool

    public init(
        schedule: LearningRateSchedule = .constant(1e-3), beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-8, maxGradientNorm: Float? = 1.0, dropout: Float = 0, carriesState: Bool = false
    ) {
        self.schedule = schedule
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.maxGradientNorm = maxGradientNorm
        self.dropout = dropout
        self.carriesState = carriesState
    }
}

public struct TrainingStepReport: Sendable, Hashable {
    /// Mean cross-entropy over the counted positions, before this step's update.
    public var loss: Float
    /// Global gradient norm before clipping.
    public var gradientNorm: Float
    public var learningRate: Float
    /// Number of positions with non-zero weight.
    public var tokenCount: Int
    /// Updates taken, this one included.
    public var step: Int
}

/// Owns everything a training run mutates: parameters, gradients, Adam's moments, the dropout
/// RNG and the activation workspace. `step(batch:)` is the entry point for training and benchmarks.
public struct LSTMTrainer: Sendable {
    public private(set) var parameters: LSTMParameters
    /// d loss / d parameters of the last batch, laid out like `parameters.values`.
    public private(set) var gradients: [Float]
    public private(set) var optimizer: AdamOptimizer
    public var options: TrainingOptions
    private var dropoutRNG: SplitMix64
    private var workspace: ModelWorkspace?
    private var hasCarriedState = false

    public init(parameters: LSTMParameters, options: TrainingOptions = TrainingOptions(), seed: UInt64) throws(LSTMError) {
        guard options.dropout >= 0, options.dropout < 1 else {
            throw .invalidConfig("dropout must be in [0, 1), got \(options.dropout)")
        }
        self.parameters = parameters
        self.options = options
        gradients = [Float](repeating: 0, count: parameters.values.count)
        optimizer = AdamOptimizer(
            parameterCount: parameters.values.count, beta1: options.beta1, beta2: options.beta2,
            epsilon: options.epsilon)
        dropoutRNG = SplitMix64(seed: seed)
    }

    /// Continues from a checkpoint's optimiser state.
    public init(
        parameters: LSTMParameters, optimizer: AdamOptimizer, options: TrainingOptions, seed: UInt64
    ) throws(LSTMError) {
        guard optimizer.firstMoment.count == parameters.values.count else {
            throw .wrongValueCount(
                name: "Adam moments", expected: parameters.values.count, found: optimizer.firstMoment.count)
        }
        try self.init(parameters: parameters, options: options, seed: seed)
        self.optimizer = optimizer
    }

    public var stepCount: Int { optimizer.stepCount }

    /// The dropout generator's state; passing it as `seed` when resuming continues the same masks.
    public var dropoutRNGState: UInt64 { dropoutRNG.state }

    /// One update: zero the gradients, forward, backward, check for NaN/inf, clip, Adam.
    /// On a non-finite loss or gradient nothing is updated and a typed error says which.
    @discardableResult
    public mutating func step(batch: TrainingBatch) throws(LSTMError) -> TrainingStepReport {
        let loss = try computeGradients(batch: batch, training: true)
        let step = optimizer.stepCount + 1
        guard loss.isFinite else { throw .nonFiniteLoss(step: step, loss: loss) }
        let norm = GradientClipping.globalNorm(gradients)
        guard norm.isFinite else {
            let name = parameters.layout.tensors.first { tensor in
                gradients[tensor.range].contains { !$0.isFinite }
            }?.name ?? "unknown (the norm overflowed)"
            throw .nonFiniteGradient(step: step, tensor: name)
        }
        if let maxNorm = options.maxGradientNorm {
            GradientClipping.clip(&gradients, norm: norm, maxNorm: maxNorm)
        }
        let rate = options.schedule.rate(atStep: optimizer.stepCount)
        try optimizer.update(parameters: &parameters.values, gradients: gradients, learningRate: rate)
        return TrainingStepReport(
            loss: loss, gradientNorm: norm, learningRate: rate,
            tokenCount: batch.weights?.count(where: { $0 > 0 }) ?? batch.sequenceCount * batch.length,
            step: optimizer.stepCount)
    }

    /// Zeroes `gradients`, then fills them with d loss / d parameters for `batch` and returns the
    /// loss, without updating anything. `training` turns dropout on.
    public mutating func computeGradients(batch: TrainingBatch, training: Bool = false) throws(LSTMError) -> Float {
        try batch.validate(vocabularySize: parameters.config.vocabularySize)
        guard options.dropout >= 0, options.dropout < 1 else {
            throw .invalidConfig("dropout must be in [0, 1), got \(options.dropout)")
        }
        let usesDropout = training && options.dropout > 0
        if workspace?.matches(batch: batch.sequenceCount, steps: batch.length, usesDropout: usesDropout) != true {
            workspace = ModelWorkspace(
                config: parameters.config, batch: batch.sequenceCount, steps: batch.length,
                usesDropout: usesDropout, forTraining: true)
            hasCarriedState = false
        }
        var workspace = self.workspace!
        self.workspace = nil  // keeps the buffers uniquely referenced while we write to them
        defer { self.workspace = workspace }

        let totalWeight = batch.totalWeight
        for sequence in 0..<batch.sequenceCount {
            for step in 0..<batch.length {
                workspace.setRow(
                    step: step, sequence: sequence, input: batch.token(sequence: sequence, position: step),
                    target: batch.token(sequence: sequence, position: step + 1),
                    lossWeight: Float(Double(batch.weight(sequence: sequence, step: step)) / totalWeight))
            }
        }
        if !(options.carriesState && hasCarriedState) { workspace.clearInitialState() }

        for index in gradients.indices { gradients[index] = 0 }
        let layout = workspace.layout
        let parameterLayout = parameters.layout
        let dropout = options.dropout
        var rng = dropoutRNG
        parameters.values.withUnsafeBufferPointer { parameters in
            gradients.withUnsafeMutableBufferPointer { gradients in
                workspace.withBuffers { activations, inputs, targets in
                    LSTMModel.forward(
                        parameters: parameters.baseAddress!, parameterLayout: parameterLayout,
                        activations: activations, layout: layout, inputs: inputs, targets: targets,
                        output: .lossesAtEveryRow, dropout: dropout, rng: &rng)
                    LSTMModel.backward(
                        parameters: parameters.baseAddress!, gradients: gradients.baseAddress!,
                        parameterLayout: parameterLayout, activations: activations, layout: layout,
                        inputs: inputs, targets: targets)
                }
            }
        }
        dropoutRNG = rng
        var loss: Double = 0
        for row in 0..<workspace.rowCount {
            loss += Double(workspace.value(layout.lossGrads, row)) * Double(workspace.value(layout.losses, row))
        }
        if options.carriesState {
            workspace.carryFinalState()
            hasCarriedState = true
        }
        return Float(loss)
    }

    /// Forgets the carried state so the next batch starts from zeros.
    public mutating func resetState() { hasCarriedState = false }
}
