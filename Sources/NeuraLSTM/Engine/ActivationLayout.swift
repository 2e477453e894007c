/// Where one layer's activations sit in the flat activation buffer (all time-major).
struct LayerActivationRanges: Sendable {
    var gates: Range<Int>      // (T·B, 4H)
    var cell: Range<Int>       // (T·B, H)
    var cellTanh: Range<Int>   // (T·B, H)
    var hidden: Range<Int>     // (T·B, H)
    var dropoutMask: Range<Int>?  // (T·B, H) only below the top layer when dropout is on
    var dropped: Range<Int>?      // (T·B, H) hidden ⊙ mask, the next layer's input
}

/// Named views into the one activation buffer of a forward (and optionally backward) pass over
/// B sequences of T steps. Row `t·B + b` is step t of sequence b throughout.
struct ActivationLayout: Sendable {
    let config: LSTMConfig
    let batch: Int
    let steps: Int
    let usesDropout: Bool
    let embedded: Range<Int>      // (T·B, E)
    let layers: [LayerActivationRanges]
    let logits: Range<Int>        // (T·B, V)
    let losses: Range<Int>        // (T·B) per-row cross-entropy
    let logSumExp: Range<Int>     // (T·B)
    let lossGrads: Range<Int>     // (T·B) d(total loss)/d(row loss): the mask over its sum
    let initialState: Range<Int>  // (2, L, B, H) h0 for every layer, then c0
    // Backward scratch; empty ranges when the layout is for inference only.
    let logitsGrad: Range<Int>    // (T·B, V)
    let gatesGrad: Range<Int>     // (T·B, 4H), reused layer by layer
    let upperGrad: Range<Int>     // (T·B, max(E, H)) d loss / d layer output
    let lowerGrad: Range<Int>     // (T·B, max(E, H)) d loss / d layer input
    let hiddenCarry: Range<Int>   // (B, H)
    let cellCarry: Range<Int>     // (B, H)
    let initialStateGrad: Range<Int>  // (2, L, B, H)
    let count: Int

    init(config: LSTMConfig, batch: Int, steps: Int, usesDropout: Bool, forTraining: Bool) {
        self.config = config
        self.batch = batch
        self.steps = steps
        self.usesDropout = usesDropout
        let (v, e, h, l) = (config.vocabularySize, config.embeddingSize, config.hiddenSize, config.layers)
        let rows = batch * steps
        var cursor = 0
        func take(_ size: Int) -> Range<Int> {
            defer { cursor += size }
            return cursor..<(cursor + size)
        }
        embedded = take(rows * e)
        var layers: [LayerActivationRanges] = []
        for layer in 0..<l {
            let belowTop = layer < l - 1 && usesDropout
            layers.append(LayerActivationRanges(
                gates: take(rows * 4 * h), cell: take(rows * h), cellTanh: take(rows * h), hidden: take(rows * h),
                dropoutMask: belowTop ? take(rows * h) : nil, dropped: belowTop ? take(rows * h) : nil))
        }
        self.layers = layers
        logits = take(rows * v)
        losses = take(rows)
        logSumExp = take(rows)
        lossGrads = take(rows)
        initialState = take(2 * l * batch * h)
        let training = forTraining ? 1 : 0
        logitsGrad = take(training * rows * v)
        gatesGrad = take(training * rows * 4 * h)
        upperGrad = take(training * rows * max(e, h))
        lowerGrad = take(training * rows * max(e, h))
        hiddenCarry = take(training * batch * h)
        cellCarry = take(training * batch * h)
        initialStateGrad = take(training * 2 * l * batch * h)
        count = cursor
    }

    /// Offset of h0 (or c0 when `cell`) of `layer` inside `initialState`/`initialStateGrad`.
    func stateOffset(layer: Int, cell: Bool) -> Int {
        ((cell ? config.layers : 0) + layer) * batch * config.hiddenSize
    }

    /// Range of the rows that feed layer `layer`: the embedding, or the (dropped-out) output below.
    func layerInput(_ layer: Int) -> Range<Int> {
        guard layer > 0 else { return embedded }
        let below = layers[layer - 1]
        return below.dropped ?? below.hidden
    }
}
