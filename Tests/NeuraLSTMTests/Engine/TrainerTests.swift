import Testing
@testable import NeuraLSTM

@Suite struct TrainerTests {
    static let config = try! LSTMConfig(vocabularySize: 6, embeddingSize: 4, hiddenSize: 8, layers: 2)

    static func trainer(options: TrainingOptions = TrainingOptions(schedule: .constant(0.02))) throws -> LSTMTrainer {
        var rng = SplitMix64(seed: 11)
        return try LSTMTrainer(parameters: LSTMParameters(config: config, rng: &rng), options: options, seed: 12)
    }

    @Test func learnsARepeatingPattern() throws {
        var trainer = try Self.trainer()
        let batch = try TrainingBatch(sequences: [[0, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5], [0, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2]])
        let first = try trainer.step(batch: batch)
        var last = first
        for _ in 0..<60 { last = try trainer.step(batch: batch) }
        #expect(first.loss > 1.5)
        #expect(last.loss < 0.5 * first.loss)
        #expect(last.step == 61)
        #expect(last.tokenCount == 20)
    }

    @Test func dropoutIsSeededAndOnlyInTraining() throws {
        let options = TrainingOptions(schedule: .constant(0.01), dropout: 0.5)
        let batch = try TrainingBatch(sequences: [[0, 1, 2, 3, 4], [0, 2, 2, 5, 1]])
        var a = try Self.trainer(options: options)
        var b = try Self.trainer(options: options)
        let reportA = try a.step(batch: batch)
        let reportB = try b.step(batch: batch)
        #expect(reportA == reportB && a.parameters.values == b.parameters.values)
        var c = try Self.trainer(options: options)
        let evaluationLoss = try c.computeGradients(batch: batch, training: false)
        let trainingLoss = try c.computeGradients(batch: batch, training: true)
        #expect(evaluationLoss != trainingLoss)
        #expect(try c.computeGradients(batch: batch, training: false) == evaluationLoss)
    }

    /// A checkpoint (parameters, Adam state, dropout RNG state) resumes to exactly the same run.
    @Test func resumingFromACheckpointIsExact() throws {
        let options = TrainingOptions(schedule: .constant(0.01), dropout: 0.3)
        let batches = try [[0, 1, 2, 3, 4], [0, 5, 4, 3, 2], [0, 2, 4, 1, 3]].map { try TrainingBatch(sequences: [$0, $0.reversed()]) }
        var straight = try Self.trainer(options: options)
        for batch in batches { try straight.step(batch: batch) }
        var first = try Self.trainer(options: options)
        try first.step(batch: batches[0])
        var resumed = try LSTMTrainer(parameters: first.parameters, optimizer: first.optimizer, options: options,
                                      seed: first.dropoutRNGState)
        for batch in batches.dropFirst() { try resumed.step(batch: batch) }
        #expect(resumed.parameters.values == straight.parameters.values)
        #expect(resumed.stepCount == 3)
    }

    @Test func nonFiniteLossLeavesParametersUntouched() throws {
        var rng = SplitMix64(seed: 13)
        var values = LSTMParameters(config: Self.config, rng: &rng).values
        values[3] = .nan  // an embedding entry of token 0
        let parameters = try LSTMParameters(config: Self.config, values: values)
        var trainer = try LSTMTrainer(parameters: parameters, seed: 1)
        let batch = try TrainingBatch(sequences: [[0, 1, 2]])
        let error = #expect(throws: LSTMError.self) { try trainer.step(batch: batch) }
        guard case .nonFiniteLoss(step: 1, let loss)? = error else {
            Issue.record("expected a non-finite loss error, got \(String(describing: error))")
            return
        }
        #expect(loss.isNaN)
        #expect(trainer.stepCount == 0)
        #expect(trainer.parameters.values[4...] == values[4...])
    }

    @Test func badBatchesAreRefused() throws {
        var trainer = try Self.trainer()
        #expect(throws: LSTMError.tokenOutOfRange(token: 6, vocabularySize: 6)) {
            try trainer.step(batch: TrainingBatch(sequences: [[0, 6, 1]]))
        }
        #expect(throws: LSTMError.self) { try TrainingBatch(sequences: [[0, 1], [0, 1, 2]]) }
        #expect(throws: LSTMError.self) { try TrainingBatch(sequences: [[0]]) }
        #expect(throws: LSTMError.self) { try TrainingBatch(sequences: [[0, 1, 2]], weights: [[0, 0]]) }
        #expect(throws: LSTMError.self) { try LSTMTrainer(parameters: trainer.parameters, options: TrainingOptions(dropout: 1), seed: 0) }
    }

    /// Truncated BPTT: two halves with the state carried give the second half the same loss as
    /// scoring it inside the whole sequence.
    @Test func carriedStateContinuesTheSequence() throws {
        let tokens = [0, 3, 1, 4, 1, 5, 2, 2, 3]
        var carrying = try Self.trainer(options: TrainingOptions(carriesState: true))
        _ = try carrying.computeGradients(batch: TrainingBatch(sequences: [Array(tokens[0...4])]))
        let secondHalf = try carrying.computeGradients(batch: TrainingBatch(sequences: [Array(tokens[4...8])]))
        var evaluator = try NLLEvaluator(parameters: carrying.parameters)
        let perToken = try #require(try evaluator.evaluate(pieces: [tokens], keepPerToken: true).perToken)[0]
        let expected = perToken[4...7].reduce(0, +) / 4
        #expect(abs(secondHalf - expected) < 1e-5)
        var fresh = try Self.trainer()
        let fromZero = try fresh.computeGradients(batch: TrainingBatch(sequences: [Array(tokens[4...8])]))
        #expect(abs(fromZero - expected) > 1e-4)
    }

    @Test func evaluationIgnoresChunkingAndBatching() throws {
        var rng = SplitMix64(seed: 21)
        let parameters = LSTMParameters(config: Self.config, rng: &rng)
        let pieces = [[0, 1, 2, 3, 4, 5, 5, 4, 3], [0, 2], [0], [0, 5, 1, 1, 2]]
        var whole = try NLLEvaluator(parameters: parameters, batchSize: 1, chunkLength: 100)
        var chunked = try NLLEvaluator(parameters: parameters, batchSize: 3, chunkLength: 2)
        let a = try whole.evaluate(pieces: pieces, keepPerToken: true)
        let b = try chunked.evaluate(pieces: pieces, keepPerToken: true)
        #expect(a.tokenCount == 13 && b.tokenCount == 13)
        #expect(abs(a.totalNLL - b.totalNLL) < 1e-5 * a.totalNLL)
        #expect(b.perToken?[2] == [])
        for (x, y) in zip(a.perToken!.joined(), b.perToken!.joined()) { #expect(abs(x - y) < 1e-5) }
        #expect(throws: LSTMError.self) { try whole.evaluate(pieces: [[0, 99]]) }
    }
}
