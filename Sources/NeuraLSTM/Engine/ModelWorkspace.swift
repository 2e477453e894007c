/// Activations and token rows for passes of one (B, T) shape, reused from call to call so the
/// hot loop never allocates.
struct ModelWorkspace: Sendable {
    let layout: ActivationLayout
    var activations: [Float]
    /// (2, T·B) time-major: the input token of every row, then its target.
    var tokens: [Int]

    init(config: LSTMConfig, batch: Int, steps: Int, usesDropout: Bool, forTraining: Bool) {
        layout = ActivationLayout(
            config: config, batch: batch, steps: steps, usesDropout: usesDropout, forTraining: forTraining)
        activations = [Float](repeating: 0, count: layout.count)
        tokens = [Int](repeating: 0, count: 2 * batch * steps)
    }

    func matches(batch: Int, steps: Int, usesDropout: Bool) -> Bool {
        layout.batch == batch && layout.steps == steps && layout.usesDropout == usesDropout
    }

    var rowCount: Int { layout.batch * layout.steps }

    /// Sets row (step, sequence)'s input token, target and weight in the loss.
    mutating func setRow(step: Int, sequence: Int, input: Int, target: Int, lossWeight: Float) {
        let row = step * layout.batch + sequence
        tokens[row] = input
        tokens[rowCount + row] = target
        activations[layout.lossGrads.lowerBound + row] = lossWeight
    }

    mutating func clearInitialState() {
        activations.withUnsafeMutableBufferPointer { buffer in
            (buffer.baseAddress! + layout.initialState.lowerBound).update(repeating: 0, count: layout.initialState.count)
        }
    }

    /// Makes the state after the last step the initial state of the next pass (truncated BPTT,
    /// chunked evaluation). Only valid after `forward`.
    mutating func carryFinalState() {
        let (batch, h) = (layout.batch, layout.config.hiddenSize)
        let lastRow = (layout.steps - 1) * batch
        for layer in 0..<layout.config.layers {
            let ranges = layout.layers[layer]
            let hiddenTarget = layout.initialState.lowerBound + layout.stateOffset(layer: layer, cell: false)
            let cellTarget = layout.initialState.lowerBound + layout.stateOffset(layer: layer, cell: true)
            let hiddenSource = ranges.hidden.lowerBound + lastRow * h
            let cellSource = ranges.cell.lowerBound + lastRow * h
            activations.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                (base + hiddenTarget).update(from: base + hiddenSource, count: batch * h)
                (base + cellTarget).update(from: base + cellSource, count: batch * h)
            }
        }
    }

    /// Gives `body` the raw activation buffer and the input and target token rows.
    mutating func withBuffers<Result>(
        _ body: (UnsafeMutablePointer<Float>, _ inputs: UnsafePointer<Int>, _ targets: UnsafePointer<Int>) -> Result
    ) -> Result {
        let rows = rowCount
        return activations.withUnsafeMutableBufferPointer { activations in
            tokens.withUnsafeBufferPointer { tokens in
                body(activations.baseAddress!, tokens.baseAddress!, tokens.baseAddress! + rows)
            }
        }
    }

    func value(_ range: Range<Int>, _ index: Int) -> Float { activations[range.lowerBound + index] }
}
