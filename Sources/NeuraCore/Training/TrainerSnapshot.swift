import NeuraLSTM

/// Everything of an `LSTMTrainer` a checkpoint needs to continue bit for bit: the weights,
/// Adam's moments and step count, and the dropout generator's state.
struct TrainerSnapshot: Sendable {
    var parameters: [Float]
    var firstMoment: [Float]
    var secondMoment: [Float]
    var adamStep: Int
    var dropoutState: UInt64

    /// The engine keeps its dropout generator private and SplitMix64 its state; until it offers
    /// an accessor (asked of the engine's owner), reflection reads the one word we need.
    /// SplitMix64(seed: s) starts from state s exactly, so the word restores the stream.
    static func dropoutState(of trainer: LSTMTrainer) throws(TrainingError) -> UInt64 {
        guard let generator = Mirror(reflecting: trainer).descendant("dropoutRNG"),
              let state = Mirror(reflecting: generator).descendant("state") as? UInt64
        else {
            throw .engine("cannot read the trainer's dropout generator state; this engine version cannot be checkpointed")
        }
        return state
    }

    init(trainer: LSTMTrainer) throws(TrainingError) {
        parameters = trainer.parameters.values
        firstMoment = trainer.optimizer.firstMoment
        secondMoment = trainer.optimizer.secondMoment
        adamStep = trainer.optimizer.stepCount
        dropoutState = try Self.dropoutState(of: trainer)
    }

    init(parameters: [Float], firstMoment: [Float], secondMoment: [Float], adamStep: Int, dropoutState: UInt64) {
        self.parameters = parameters
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
        self.adamStep = adamStep
        self.dropoutState = dropoutState
    }

    func makeTrainer(config: LSTMConfig, options: TrainingOptions) throws(TrainingError) -> LSTMTrainer {
        do {
            let parameters = try LSTMParameters(config: config, values: parameters)
            let optimizer = try AdamOptimizer(
                beta1: options.beta1, beta2: options.beta2, epsilon: options.epsilon, stepCount: adamStep,
                firstMoment: firstMoment, secondMoment: secondMoment)
            return try LSTMTrainer(parameters: parameters, optimizer: optimizer, options: options, seed: dropoutState)
        } catch {
            throw .engine("cannot restore the trainer: \(error)")
        }
    }
}
