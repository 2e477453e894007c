/// Where each tensor of one LSTM layer sits in the flat parameter buffer.
struct LayerParameterRanges: Sendable {
    var weightInput: Range<Int>   // (4H, in)   PyTorch weight_ih_l{k}, gate rows i, f, g, o
    var weightHidden: Range<Int>  // (4H, H)    weight_hh_l{k}
    var biasInput: Range<Int>     // (4H)       bias_ih_l{k}
    var biasHidden: Range<Int>    // (4H)       bias_hh_l{k}
}

/// Named, shape-commented views into the one flat parameter buffer. Gradients and Adam's
/// moments use the same layout, which is what lets the optimiser be one flat loop.
struct ParameterLayout: Sendable {
    let config: LSTMConfig
    let embedding: Range<Int>     // (V, E)
    let layers: [LayerParameterRanges]
    let headWeight: Range<Int>    // (V, H)
    let headBias: Range<Int>      // (V)
    let count: Int

    init(config: LSTMConfig) {
        self.config = config
        let (v, e, h) = (config.vocabularySize, config.embeddingSize, config.hiddenSize)
        var cursor = 0
        func take(_ size: Int) -> Range<Int> {
            defer { cursor += size }
            return cursor..<(cursor + size)
        }
        embedding = take(v * e)
        var layers: [LayerParameterRanges] = []
        for layer in 0..<config.layers {
            let input = config.inputSize(ofLayer: layer)
            layers.append(LayerParameterRanges(
                weightInput: take(4 * h * input), weightHidden: take(4 * h * h),
                biasInput: take(4 * h), biasHidden: take(4 * h)))
        }
        self.layers = layers
        headWeight = take(v * h)
        headBias = take(v)
        count = cursor
    }

    /// Every tensor with its PyTorch `state_dict` name, in `state_dict` order.
    var tensors: [(name: String, shape: [Int], range: Range<Int>)] {
        let (v, e, h) = (config.vocabularySize, config.embeddingSize, config.hiddenSize)
        var result: [(name: String, shape: [Int], range: Range<Int>)] = [
            ("embedding.weight", [v, e], embedding)
        ]
        for (k, layer) in layers.enumerated() {
            let input = config.inputSize(ofLayer: k)
            result.append(("lstm.weight_ih_l\(k)", [4 * h, input], layer.weightInput))
            result.append(("lstm.weight_hh_l\(k)", [4 * h, h], layer.weightHidden))
            result.append(("lstm.bias_ih_l\(k)", [4 * h], layer.biasInput))
            result.append(("lstm.bias_hh_l\(k)", [4 * h], layer.biasHidden))
        }
        result.append(("head.weight", [v, h], headWeight))
        result.append(("head.bias", [v], headBias))
        return result
    }
}
