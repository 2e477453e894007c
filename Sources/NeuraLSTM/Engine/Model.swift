/// The whole stack — embedding → L LSTM layers (dropout between them) → linear head →
/// cross-entropy — as a forward/backward pair over raw buffers laid out by
/// `ParameterLayout` and `ActivationLayout`.
///
/// Before `forward`, the caller fills `initialState` (zeros for the NLL definition, or the last
/// state of the previous batch for truncated BPTT) and `lossGrads` (each row's weight in the loss).
enum LSTMModel {
    enum Output {
        /// Logits and per-row cross-entropy for every row.
        case lossesAtEveryRow
        /// Only the LSTM; the caller applies the head where it needs it (priming streams).
        case hiddenOnly
    }

    static func forward(
        parameters: UnsafePointer<Float>, parameterLayout: ParameterLayout,
        activations: UnsafeMutablePointer<Float>, layout: ActivationLayout,
        inputs: UnsafePointer<Int>, targets: UnsafePointer<Int>,
        output: Output, dropout: Float, rng: inout some RandomNumberGenerator
    ) {
        let config = layout.config
        let (e, h, v) = (config.embeddingSize, config.hiddenSize, config.vocabularySize)
        let rows = layout.batch * layout.steps
        Embedding.forward(
            output: activations + layout.embedded.lowerBound, table: parameters + parameterLayout.embedding.lowerBound,
            tokens: inputs, rows: rows, width: e)
        for layer in 0..<config.layers {
            let ranges = layout.layers[layer]
            let layerActivations = activationPointers(ranges, in: activations)
            LSTMLayer.forward(
                shape: layerShape(layout, layer: layer),
                input: activations + layout.layerInput(layer).lowerBound,
                weights: weightPointers(parameterLayout.layers[layer], in: parameters),
                initialHidden: activations + layout.initialState.lowerBound + layout.stateOffset(layer: layer, cell: false),
                initialCell: activations + layout.initialState.lowerBound + layout.stateOffset(layer: layer, cell: true),
                activations: layerActivations)
            if let mask = ranges.dropoutMask, let dropped = ranges.dropped {
                Dropout.forward(
                    output: activations + dropped.lowerBound, mask: activations + mask.lowerBound,
                    input: layerActivations.hidden, count: rows * h, probability: dropout, rng: &rng)
            }
        }
        guard case .lossesAtEveryRow = output else { return }
        LinearHead.forward(
            logits: activations + layout.logits.lowerBound,
            hidden: activations + layout.layers[config.layers - 1].hidden.lowerBound,
            weight: parameters + parameterLayout.headWeight.lowerBound,
            bias: parameters + parameterLayout.headBias.lowerBound,
            rows: rows, hiddenSize: h, vocabularySize: v)
        CrossEntropy.forward(
            losses: activations + layout.losses.lowerBound, logSumExp: activations + layout.logSumExp.lowerBound,
            logits: activations + layout.logits.lowerBound, targets: targets, rows: rows, vocabularySize: v)
    }

    /// Adds d loss / d parameters into `gradients` (loss = Σ lossGrads_n · loss_n) and writes
    /// d loss / d initial state into `initialStateGrad`. Needs a layout built `forTraining`.
    static func backward(
        parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
        parameterLayout: ParameterLayout,
        activations: UnsafeMutablePointer<Float>, layout: ActivationLayout,
        inputs: UnsafePointer<Int>, targets: UnsafePointer<Int>
    ) {
        let config = layout.config
        let (e, h, v) = (config.embeddingSize, config.hiddenSize, config.vocabularySize)
        let rows = layout.batch * layout.steps
        let logitsGrad = activations + layout.logitsGrad.lowerBound
        logitsGrad.update(repeating: 0, count: layout.logitsGrad.count)
        (activations + layout.initialStateGrad.lowerBound).update(repeating: 0, count: layout.initialStateGrad.count)
        var upperGrad = activations + layout.upperGrad.lowerBound
        var lowerGrad = activations + layout.lowerGrad.lowerBound
        upperGrad.update(repeating: 0, count: rows * h)

        CrossEntropy.backward(
            logitsGrad: logitsGrad, logits: activations + layout.logits.lowerBound,
            logSumExp: activations + layout.logSumExp.lowerBound, targets: targets,
            lossGrads: activations + layout.lossGrads.lowerBound, rows: rows, vocabularySize: v)
        LinearHead.backward(
            hiddenGrad: upperGrad,
            weightGrad: gradients + parameterLayout.headWeight.lowerBound,
            biasGrad: gradients + parameterLayout.headBias.lowerBound,
            logitsGrad: logitsGrad,
            hidden: activations + layout.layers[config.layers - 1].hidden.lowerBound,
            weight: parameters + parameterLayout.headWeight.lowerBound,
            rows: rows, hiddenSize: h, vocabularySize: v)

        for layer in stride(from: config.layers - 1, through: 0, by: -1) {
            let shape = layerShape(layout, layer: layer)
            lowerGrad.update(repeating: 0, count: rows * shape.input)
            let stateGrad = activations + layout.initialStateGrad.lowerBound
            let state = activations + layout.initialState.lowerBound
            LSTMLayer.backward(
                shape: shape, input: activations + layout.layerInput(layer).lowerBound,
                weights: weightPointers(parameterLayout.layers[layer], in: parameters),
                initialHidden: state + layout.stateOffset(layer: layer, cell: false),
                initialCell: state + layout.stateOffset(layer: layer, cell: true),
                activations: activationPointers(layout.layers[layer], in: activations),
                hiddenGrad: upperGrad, inputGrad: lowerGrad,
                gradients: gradientPointers(parameterLayout.layers[layer], in: gradients),
                initialHiddenGrad: stateGrad + layout.stateOffset(layer: layer, cell: false),
                initialCellGrad: stateGrad + layout.stateOffset(layer: layer, cell: true),
                gatesGrad: activations + layout.gatesGrad.lowerBound,
                hiddenCarry: activations + layout.hiddenCarry.lowerBound,
                cellCarry: activations + layout.cellCarry.lowerBound)
            guard layer > 0 else { break }
            // The gradient of this layer's input becomes the gradient of the output below.
            if let mask = layout.layers[layer - 1].dropoutMask {
                upperGrad.update(repeating: 0, count: rows * h)
                Dropout.backward(
                    inputGrad: upperGrad, outputGrad: lowerGrad, mask: activations + mask.lowerBound, count: rows * h)
            } else {
                swap(&upperGrad, &lowerGrad)
            }
        }
        Embedding.backward(
            tableGrad: gradients + parameterLayout.embedding.lowerBound, outputGrad: lowerGrad,
            tokens: inputs, rows: rows, width: e)
    }

    static func layerShape(_ layout: ActivationLayout, layer: Int) -> LSTMLayerShape {
        LSTMLayerShape(
            batch: layout.batch, steps: layout.steps,
            input: layout.config.inputSize(ofLayer: layer), hidden: layout.config.hiddenSize)
    }

    static func weightPointers(_ ranges: LayerParameterRanges, in base: UnsafePointer<Float>) -> LSTMLayerWeights {
        LSTMLayerWeights(
            weightInput: base + ranges.weightInput.lowerBound, weightHidden: base + ranges.weightHidden.lowerBound,
            biasInput: base + ranges.biasInput.lowerBound, biasHidden: base + ranges.biasHidden.lowerBound)
    }

    static func gradientPointers(
        _ ranges: LayerParameterRanges, in base: UnsafeMutablePointer<Float>
    ) -> LSTMLayerGradients {
        LSTMLayerGradients(
            weightInput: base + ranges.weightInput.lowerBound, weightHidden: base + ranges.weightHidden.lowerBound,
            biasInput: base + ranges.biasInput.lowerBound, biasHidden: base + ranges.biasHidden.lowerBound)
    }

    static func activationPointers(
        _ ranges: LayerActivationRanges, in base: UnsafeMutablePointer<Float>
    ) -> LSTMLayerActivations {
        LSTMLayerActivations(
            gates: base + ranges.gates.lowerBound, cell: base + ranges.cell.lowerBound,
            cellTanh: base + ranges.cellTanh.lowerBound, hidden: base + ranges.hidden.lowerBound)
    }
}
