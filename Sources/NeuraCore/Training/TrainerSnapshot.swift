import NeuraLSTM

/// Everything of an `LSTMTrainer` a checkpoint needs to continue bit for bit: the weights,
/// Adam's moments and step count, and the dropout generator's state.
struct TrainerSnapshot: Sendable {
    var parameters: [Float]
    var firstMoment: [Float]
    var secondMoment: [Float]
    var adamStep: Int
    var dropoutState: UInt64

    init(trainer: LSTMTrainer) {
        parameters = trainer.parameters.values
        firstMoment = trainer.optimizer.firstMoment
        secondMoment = trainer.optimizer.secondMoment
        adamStep = trainer.optimizer.stepCount
        // SplitMix64(seed: s) starts from state s exactly, so this one word restores the stream.
        dropoutState = trainer.dropoutRNGState
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
