import Foundation
@testable import NeuraLSTM

/// A plain, per-step Double-precision copy of every forward pass in the engine. Tests compare the
/// engine's forward against it and differentiate it numerically to check the engine's backward.
/// Activations are time-major like the engine's: row t·B + b is step t of sequence b.
enum Reference {
    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    static func embedding(table: [Double], tokens: [Int], width: Int) -> [Double] {
        tokens.flatMap { table[($0 * width)..<(($0 + 1) * width)] }
    }

    struct LayerResult {
        var hidden: [Double]  // (T·B, H)
        var cell: [Double]    // (T·B, H)
    }

    /// nn.LSTM's recurrence for one layer, written out per step, per sequence and per unit.
    static func lstmLayer(
        input: [Double], weightInput: [Double], weightHidden: [Double], biasInput: [Double], biasHidden: [Double],
        initialHidden: [Double], initialCell: [Double], batch: Int, steps: Int, inputSize: Int, hiddenSize: Int
    ) -> LayerResult {
        let h = hiddenSize
        var result = LayerResult(
            hidden: [Double](repeating: 0, count: steps * batch * h), cell: [Double](repeating: 0, count: steps * batch * h))
        for b in 0..<batch {
            var hPrev = Array(initialHidden[(b * h)..<((b + 1) * h)])
            var cPrev = Array(initialCell[(b * h)..<((b + 1) * h)])
            for t in 0..<steps {
                let row = t * batch + b
                var pre = [Double](repeating: 0, count: 4 * h)
                for gate in 0..<(4 * h) {
                    var sum = biasInput[gate] + biasHidden[gate]
                    for p in 0..<inputSize { sum += weightInput[gate * inputSize + p] * input[row * inputSize + p] }
                    for p in 0..<h { sum += weightHidden[gate * h + p] * hPrev[p] }
                    pre[gate] = sum
                }
                var hNext = [Double](repeating: 0, count: h)
                var cNext = [Double](repeating: 0, count: h)
                for j in 0..<h {
                    let i = sigmoid(pre[j]), f = sigmoid(pre[h + j]), g = tanh(pre[2 * h + j]), o = sigmoid(pre[3 * h + j])
                    cNext[j] = f * cPrev[j] + i * g
                    hNext[j] = o * tanh(cNext[j])
                }
                result.hidden.replaceSubrange((row * h)..<((row + 1) * h), with: hNext)
                result.cell.replaceSubrange((row * h)..<((row + 1) * h), with: cNext)
                hPrev = hNext
                cPrev = cNext
            }
        }
        return result
    }

    /// output (N, out) = input (N, in) · weight (out, in)ᵀ + bias
    static func linear(input: [Double], weight: [Double], bias: [Double], rows: Int, inputSize: Int, outputSize: Int) -> [Double] {
        var output = [Double](repeating: 0, count: rows * outputSize)
        for n in 0..<rows {
            for j in 0..<outputSize {
                var sum = bias[j]
                for p in 0..<inputSize { sum += input[n * inputSize + p] * weight[j * inputSize + p] }
                output[n * outputSize + j] = sum
            }
        }
        return output
    }

    static func crossEntropy(logits: [Double], targets: [Int], vocabularySize v: Int) -> [Double] {
        targets.indices.map { n in
            let row = logits[(n * v)..<((n + 1) * v)]
            let maximum = row.max()!
            let normaliser = maximum + log(row.reduce(0) { $0 + exp($1 - maximum) })
            return normaliser - logits[n * v + targets[n]]
        }
    }

    /// The whole model's weighted loss Σ w_n · CE_n, with optional fixed dropout masks (one per
    /// layer boundary, (T·B, H)) and initial state (2, L, B, H).
    static func modelLoss(
        parameters: [Double], layout: ParameterLayout, inputs: [Int], targets: [Int], lossWeights: [Double],
        batch: Int, steps: Int, dropoutMasks: [[Double]]? = nil, initialState: [Double]? = nil
    ) -> Double {
        let losses = modelRowLosses(
            parameters: parameters, layout: layout, inputs: inputs, targets: targets, batch: batch, steps: steps,
            dropoutMasks: dropoutMasks, initialState: initialState)
        return zip(losses, lossWeights).reduce(0) { $0 + $1.0 * $1.1 }
    }

    static func modelLogits(
        parameters: [Double], layout: ParameterLayout, inputs: [Int], batch: Int, steps: Int,
        dropoutMasks: [[Double]]? = nil, initialState: [Double]? = nil
    ) -> [Double] {
        let config = layout.config
        let (e, h, l) = (config.embeddingSize, config.hiddenSize, config.layers)
        func slice(_ range: Range<Int>) -> [Double] { Array(parameters[range]) }
        var x = embedding(table: slice(layout.embedding), tokens: inputs, width: e)
        let state = initialState ?? [Double](repeating: 0, count: 2 * l * batch * h)
        for layer in 0..<l {
            let ranges = layout.layers[layer]
            let hOffset = layer * batch * h
            let cOffset = (l + layer) * batch * h
            var output = lstmLayer(
                input: x, weightInput: slice(ranges.weightInput), weightHidden: slice(ranges.weightHidden),
                biasInput: slice(ranges.biasInput), biasHidden: slice(ranges.biasHidden),
                initialHidden: Array(state[hOffset..<(hOffset + batch * h)]),
                initialCell: Array(state[cOffset..<(cOffset + batch * h)]),
                batch: batch, steps: steps, inputSize: config.inputSize(ofLayer: layer), hiddenSize: h
            ).hidden
            if layer < l - 1, let masks = dropoutMasks {
                for index in output.indices { output[index] *= masks[layer][index] }
            }
            x = output
        }
        return linear(
            input: x, weight: slice(layout.headWeight), bias: slice(layout.headBias),
            rows: batch * steps, inputSize: h, outputSize: config.vocabularySize)
    }

    static func modelRowLosses(
        parameters: [Double], layout: ParameterLayout, inputs: [Int], targets: [Int],
        batch: Int, steps: Int, dropoutMasks: [[Double]]? = nil, initialState: [Double]? = nil
    ) -> [Double] {
        let logits = modelLogits(
            parameters: parameters, layout: layout, inputs: inputs, batch: batch, steps: steps,
            dropoutMasks: dropoutMasks, initialState: initialState)
        return crossEntropy(logits: logits, targets: targets, vocabularySize: layout.config.vocabularySize)
    }
}

/// Central differences of a Double function; with step 1e-6 the truncation error (~1e-12) and
/// rounding error (~1e-10) are far below the Float32 engine's own error, so disagreements are bugs.
func numericGradient(at point: [Double], step: Double = 1e-6, of function: ([Double]) -> Double) -> [Double] {
    var probe = point
    return point.indices.map { index in
        probe[index] = point[index] + step
        let up = function(probe)
        probe[index] = point[index] - step
        let down = function(probe)
        probe[index] = point[index]
        return (up - down) / (2 * step)
    }
}

/// Whether Float32 engine values match Double references: relative tolerance with an absolute
/// floor for values near zero, where relative error means nothing.
func isClose(_ actual: Float, _ expected: Double, relative: Double, absolute: Double) -> Bool {
    abs(Double(actual) - expected) <= max(absolute, relative * abs(expected))
}

/// Index and values of the worst mismatch, for readable failure messages; nil when all agree.
func firstMismatch(
    _ actual: [Float], _ expected: [Double], relative: Double, absolute: Double
) -> String? {
    guard actual.count == expected.count else { return "count \(actual.count) vs \(expected.count)" }
    for index in actual.indices where !isClose(actual[index], expected[index], relative: relative, absolute: absolute) {
        return "index \(index): engine \(actual[index]) vs reference \(expected[index])"
    }
    return nil
}

/// Random test values in ±scale from a fixed seed.
func randomValues(_ count: Int, scale: Float = 1, seed: UInt64) -> [Float] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in (2 * rng.nextUnitFloat() - 1) * scale }
}
