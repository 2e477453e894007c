import Testing
@testable import NeuraLSTM

/// The whole stack end to end: embedding → 2 LSTM layers with dropout between → head →
/// masked mean cross-entropy, from a non-zero initial state, against the Double reference.
@Suite struct ModelGradientTests {
    static let config = try! LSTMConfig(vocabularySize: 7, embeddingSize: 3, hiddenSize: 4, layers: 2)
    static let (batch, steps) = (2, 3)
    static let inputs = [1, 6, 0, 3, 2, 2]   // time-major: row t·B + b
    static let targets = [6, 0, 3, 5, 4, 1]

    @Test(arguments: [Float(0), 0.4])
    func wholeModelGradientsMatchFiniteDifferences(dropout: Float) {
        let config = Self.config
        var rng = SplitMix64(seed: 7)
        let parameters = LSTMParameters(config: config, rng: &rng)
        var workspace = ModelWorkspace(config: config, batch: Self.batch, steps: Self.steps,
                                       usesDropout: dropout > 0, forTraining: true)
        let weights: [Float] = [1, 1, 0, 1, 1, 1]  // one masked position
        let total = weights.reduce(0, +)
        for row in 0..<(Self.batch * Self.steps) {
            workspace.setRow(step: row / Self.batch, sequence: row % Self.batch, input: Self.inputs[row],
                             target: Self.targets[row], lossWeight: weights[row] / total)
        }
        let layout = workspace.layout
        let initialState = randomValues(layout.initialState.count, scale: 0.5, seed: 8)
        workspace.activations.replaceSubrange(layout.initialState, with: initialState)

        var gradients = [Float](repeating: 0, count: parameters.values.count)
        var dropoutRNG = SplitMix64(seed: 9)
        parameters.values.withUnsafeBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                workspace.withBuffers { activations, inputs, targets in
                    LSTMModel.forward(parameters: p.baseAddress!, parameterLayout: parameters.layout, activations: activations,
                                      layout: layout, inputs: inputs, targets: targets, output: .lossesAtEveryRow,
                                      dropout: dropout, rng: &dropoutRNG)
                    LSTMModel.backward(parameters: p.baseAddress!, gradients: g.baseAddress!, parameterLayout: parameters.layout,
                                       activations: activations, layout: layout, inputs: inputs, targets: targets)
                }
            }
        }
        let masks: [[Double]]? = dropout > 0
            ? [workspace.activations[layout.layers[0].dropoutMask!].map(Double.init)] : nil
        if let masks { #expect(masks[0].contains(0) && masks[0].contains { $0 > 1 }) }
        let lossWeights = weights.map { Double($0 / total) }

        let rowLosses = Reference.modelRowLosses(
            parameters: parameters.values.map(Double.init), layout: parameters.layout, inputs: Self.inputs,
            targets: Self.targets, batch: Self.batch, steps: Self.steps, dropoutMasks: masks,
            initialState: initialState.map(Double.init))
        #expect(firstMismatch(Array(workspace.activations[layout.losses]), rowLosses, relative: 1e-5, absolute: 1e-6) == nil)

        let numeric = numericGradient(at: parameters.values.map(Double.init)) { point in
            Reference.modelLoss(parameters: point, layout: parameters.layout, inputs: Self.inputs, targets: Self.targets,
                                lossWeights: lossWeights, batch: Self.batch, steps: Self.steps, dropoutMasks: masks,
                                initialState: initialState.map(Double.init))
        }
        for tensor in parameters.layout.tensors {
            let mismatch = firstMismatch(Array(gradients[tensor.range]), Array(numeric[tensor.range]), relative: 1e-3, absolute: 1e-5)
            #expect(mismatch == nil, "d loss / d \(tensor.name): \(mismatch ?? "")")
        }
        let numericState = numericGradient(at: initialState.map(Double.init)) { state in
            Reference.modelLoss(parameters: parameters.values.map(Double.init), layout: parameters.layout, inputs: Self.inputs,
                                targets: Self.targets, lossWeights: lossWeights, batch: Self.batch, steps: Self.steps,
                                dropoutMasks: masks, initialState: state)
        }
        let stateGradient = Array(workspace.activations[layout.initialStateGrad])
        #expect(firstMismatch(stateGradient, numericState, relative: 1e-3, absolute: 1e-5) == nil)
    }

    /// The public path: `LSTMTrainer.computeGradients` with a per-position weight mask and three layers.
    @Test func trainerGradientsOfAThreeLayerModelMatchFiniteDifferences() throws {
        let config = try LSTMConfig(vocabularySize: 5, embeddingSize: 2, hiddenSize: 3, layers: 3)
        var rng = SplitMix64(seed: 70)
        let parameters = LSTMParameters(config: config, rng: &rng)
        let batch = try TrainingBatch(sequences: [[0, 1, 2, 3, 4], [0, 4, 4, 1, 2]],
                                      weights: [[1, 1, 0, 1], [1, 0, 0, 1]])
        var trainer = try LSTMTrainer(parameters: parameters, seed: 1)
        let loss = try trainer.computeGradients(batch: batch)
        // Time-major rows for the reference.
        var (inputs, targets, lossWeights) = ([Int](), [Int](), [Double]())
        let weightsFlat: [Double] = [1, 1, 0, 1, 1, 0, 0, 1]
        for step in 0..<4 {
            for sequence in 0..<2 {
                inputs.append(batch.token(sequence: sequence, position: step))
                targets.append(batch.token(sequence: sequence, position: step + 1))
                lossWeights.append(weightsFlat[sequence * 4 + step] / 5)
            }
        }
        func referenceLoss(_ point: [Double]) -> Double {
            Reference.modelLoss(parameters: point, layout: parameters.layout, inputs: inputs, targets: targets,
                                lossWeights: lossWeights, batch: 2, steps: 4)
        }
        let point = parameters.values.map(Double.init)
        #expect(isClose(loss, referenceLoss(point), relative: 1e-5, absolute: 1e-6))
        let numeric = numericGradient(at: point, of: referenceLoss)
        #expect(firstMismatch(trainer.gradients, numeric, relative: 1e-3, absolute: 1e-5) == nil)
    }
}
