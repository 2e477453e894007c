/// A batch of independent generation streams over one model, each holding its own (h, c) for
/// every layer. Streams can be primed on prefixes in one pass, stepped together one token each,
/// copied (variations, the model's view of alternatives) and dropped.
///
/// The first layer's input projection is folded into a (V, 4H) table at creation, since its
/// input is always an embedding row; a step then reads only the recurrent weights of the first
/// layer. Batch 1 uses matrix–vector products, larger batches matrix–matrix.
public struct InferenceSession: Sendable {
    public let parameters: LSTMParameters
    public private(set) var streamCount = 0
    private var hidden: [Float] = []        // (L, S, H)
    private var cell: [Float] = []          // (L, S, H)
    private var tokenProjection: [Float]    // (V, 4H) embedding · W_ih0ᵀ + b_ih0 + b_hh0
    private var combinedBias: [Float]       // (L, 4H) b_ih + b_hh; row 0 unused (folded in above)
    private var gates: [Float] = []         // (S, 4H) scratch
    private var cellTanh: [Float] = []      // (S, H) scratch
    private var logits: [Float] = []        // (S, V)

    public init(parameters: LSTMParameters) {
        self.parameters = parameters
        let config = parameters.config
        let (v, e, h) = (config.vocabularySize, config.embeddingSize, config.hiddenSize)
        let layout = parameters.layout
        combinedBias = [Float](repeating: 0, count: config.layers * 4 * h)
        for layer in 0..<config.layers {
            let ranges = layout.layers[layer]
            for j in 0..<(4 * h) {
                combinedBias[layer * 4 * h + j] =
                    parameters.values[ranges.biasInput.lowerBound + j] + parameters.values[ranges.biasHidden.lowerBound + j]
            }
        }
        var projection = [Float](repeating: 0, count: v * 4 * h)
        for token in 0..<v {
            projection.replaceSubrange((token * 4 * h)..<((token + 1) * 4 * h), with: combinedBias[0..<(4 * h)])
        }
        parameters.values.withUnsafeBufferPointer { values in
            projection.withUnsafeMutableBufferPointer { projection in
                BLAS.gemm(
                    transA: false, transB: true, m: v, n: 4 * h, k: e,
                    a: values.baseAddress! + layout.embedding.lowerBound, lda: e,
                    b: values.baseAddress! + layout.layers[0].weightInput.lowerBound, ldb: e,
                    beta: 1, c: projection.baseAddress!, ldc: 4 * h)
            }
        }
        tokenProjection = projection
    }

    public var config: LSTMConfig { parameters.config }

    /// Replaces every stream by fresh ones (h = c = 0), one per prefix, runs each prefix through
    /// the model in one batched pass and returns each stream's logits after its last token
    /// (the distribution of the next token). Every prefix needs at least one token (usually BOS).
    public mutating func prime(prefixes: [[Int]]) throws(LSTMError) -> [[Float]] {
        for prefix in prefixes {
            guard !prefix.isEmpty else { throw .invalidBatch("every prefix needs at least one token (BOS)") }
            try validate(prefix)
        }
        let config = parameters.config
        let (h, layers) = (config.hiddenSize, config.layers)
        resize(streamCount: prefixes.count)
        guard let longest = prefixes.map(\.count).max() else { return [] }
        let batch = prefixes.count
        var workspace = ModelWorkspace(config: config, batch: batch, steps: longest, usesDropout: false, forTraining: false)
        for (sequence, prefix) in prefixes.enumerated() {
            for step in 0..<longest {
                // Padding after a prefix cannot reach back into it; the LSTM is causal.
                workspace.setRow(step: step, sequence: sequence, input: step < prefix.count ? prefix[step] : 0,
                                 target: 0, lossWeight: 0)
            }
        }
        workspace.clearInitialState()
        let layout = workspace.layout
        let parameterLayout = parameters.layout
        var unusedRNG = SplitMix64(seed: 0)
        parameters.values.withUnsafeBufferPointer { parameters in
            workspace.withBuffers { activations, inputs, targets in
                LSTMModel.forward(
                    parameters: parameters.baseAddress!, parameterLayout: parameterLayout,
                    activations: activations, layout: layout, inputs: inputs, targets: targets,
                    output: .hiddenOnly, dropout: 0, rng: &unusedRNG)
            }
        }
        for (sequence, prefix) in prefixes.enumerated() {
            let row = (prefix.count - 1) * batch + sequence
            for layer in 0..<layers {
                let target = (layer * batch + sequence) * h
                let ranges = layout.layers[layer]
                hidden.replaceSubrange(
                    target..<(target + h),
                    with: workspace.activations[(ranges.hidden.lowerBound + row * h)..<(ranges.hidden.lowerBound + (row + 1) * h)])
                cell.replaceSubrange(
                    target..<(target + h),
                    with: workspace.activations[(ranges.cell.lowerBound + row * h)..<(ranges.cell.lowerBound + (row + 1) * h)])
            }
        }
        computeLogits()
        let v = config.vocabularySize
        return (0..<batch).map { Array(logits[($0 * v)..<(($0 + 1) * v)]) }
    }

    /// Feeds one token to every stream and returns the next-token logits, (S, V) row-major.
    public mutating func step(tokens: [Int]) throws(LSTMError) -> [Float] {
        guard tokens.count == streamCount else {
            throw .invalidBatch("step got \(tokens.count) tokens for \(streamCount) streams")
        }
        try validate(tokens)
        guard streamCount > 0 else { return [] }
        let config = parameters.config
        let (h, batch) = (config.hiddenSize, streamCount)
        let gateWidth = 4 * h
        for (stream, token) in tokens.enumerated() {
            gates.replaceSubrange(
                (stream * gateWidth)..<((stream + 1) * gateWidth),
                with: tokenProjection[(token * gateWidth)..<((token + 1) * gateWidth)])
        }
        let layout = parameters.layout
        parameters.values.withUnsafeBufferPointer { values in
            hidden.withUnsafeMutableBufferPointer { hidden in
                cell.withUnsafeMutableBufferPointer { cell in
                    gates.withUnsafeMutableBufferPointer { gates in
                        cellTanh.withUnsafeMutableBufferPointer { cellTanh in
                            combinedBias.withUnsafeBufferPointer { bias in
                                let weights = values.baseAddress!
                                let gates = gates.baseAddress!
                                for layer in 0..<config.layers {
                                    let state = layer * batch * h
                                    let ranges = layout.layers[layer]
                                    if layer > 0 {
                                        for row in 0..<batch {
                                            (gates + row * gateWidth).update(from: bias.baseAddress! + layer * gateWidth, count: gateWidth)
                                        }
                                        Self.multiplyAdd(
                                            gates, inputs: hidden.baseAddress! + state - batch * h, batch: batch,
                                            weight: weights + ranges.weightInput.lowerBound, outputs: gateWidth, width: h)
                                    }
                                    Self.multiplyAdd(
                                        gates, inputs: hidden.baseAddress! + state, batch: batch,
                                        weight: weights + ranges.weightHidden.lowerBound, outputs: gateWidth, width: h)
                                    LSTMCell.forward(
                                        gates: gates, previousCell: cell.baseAddress! + state,
                                        cell: cell.baseAddress! + state, cellTanh: cellTanh.baseAddress!,
                                        hidden: hidden.baseAddress! + state, batch: batch, hiddenSize: h)
                                }
                            }
                        }
                    }
                }
            }
        }
        computeLogits()
        return logits
    }

    /// Appends `copies` copies of `stream` (same state) and returns their indices.
    @discardableResult
    public mutating func fork(stream: Int, copies: Int = 1) throws(LSTMError) -> Range<Int> {
        guard stream >= 0, stream < streamCount else { throw .invalidStream(index: stream, streamCount: streamCount) }
        let first = streamCount
        try select(streams: Array(0..<streamCount) + Array(repeating: stream, count: max(0, copies)))
        return first..<streamCount
    }

    /// Removes the given streams; the rest keep their order.
    public mutating func drop(streams: [Int]) throws(LSTMError) {
        for stream in streams where stream < 0 || stream >= streamCount {
            throw .invalidStream(index: stream, streamCount: streamCount)
        }
        let dropped = Set(streams)
        try select(streams: (0..<streamCount).filter { !dropped.contains($0) })
    }

    /// Rebuilds the batch from the listed streams, in that order; an index may repeat.
    public mutating func select(streams: [Int]) throws(LSTMError) {
        for stream in streams where stream < 0 || stream >= streamCount {
            throw .invalidStream(index: stream, streamCount: streamCount)
        }
        let (h, layers) = (config.hiddenSize, config.layers)
        var newHidden = [Float](repeating: 0, count: layers * streams.count * h)
        var newCell = newHidden
        for layer in 0..<layers {
            for (position, stream) in streams.enumerated() {
                let source = (layer * streamCount + stream) * h
                let target = (layer * streams.count + position) * h
                newHidden.replaceSubrange(target..<(target + h), with: hidden[source..<(source + h)])
                newCell.replaceSubrange(target..<(target + h), with: cell[source..<(source + h)])
            }
        }
        resize(streamCount: streams.count)
        hidden = newHidden
        cell = newCell
    }

    /// Adds `count` streams starting from h = c = 0 and returns their indices.
    @discardableResult
    public mutating func addStreams(count: Int) -> Range<Int> {
        let old = streamCount
        let (h, layers) = (config.hiddenSize, config.layers)
        var newHidden = [Float](repeating: 0, count: layers * (old + count) * h)
        var newCell = newHidden
        for layer in 0..<layers {
            let source = layer * old * h
            let target = layer * (old + count) * h
            newHidden.replaceSubrange(target..<(target + old * h), with: hidden[source..<(source + old * h)])
            newCell.replaceSubrange(target..<(target + old * h), with: cell[source..<(source + old * h)])
        }
        resize(streamCount: old + count)
        hidden = newHidden
        cell = newCell
        return old..<(old + count)
    }

    /// The state of one stream, layer after layer: (L·H) hidden values and (L·H) cell values.
    public func state(ofStream stream: Int) throws(LSTMError) -> (hidden: [Float], cell: [Float]) {
        guard stream >= 0, stream < streamCount else { throw .invalidStream(index: stream, streamCount: streamCount) }
        let h = config.hiddenSize
        var hiddenState: [Float] = []
        var cellState: [Float] = []
        for layer in 0..<config.layers {
            let start = (layer * streamCount + stream) * h
            hiddenState += hidden[start..<(start + h)]
            cellState += cell[start..<(start + h)]
        }
        return (hiddenState, cellState)
    }

    private mutating func resize(streamCount newCount: Int) {
        let config = parameters.config
        streamCount = newCount
        hidden = [Float](repeating: 0, count: config.layers * newCount * config.hiddenSize)
        cell = hidden
        gates = [Float](repeating: 0, count: newCount * 4 * config.hiddenSize)
        cellTanh = [Float](repeating: 0, count: newCount * config.hiddenSize)
        logits = [Float](repeating: 0, count: newCount * config.vocabularySize)
    }

    private func validate(_ tokens: [Int]) throws(LSTMError) {
        let v = config.vocabularySize
        if let bad = tokens.first(where: { $0 < 0 || $0 >= v }) { throw .tokenOutOfRange(token: bad, vocabularySize: v) }
    }

    /// logits (S, V) from the top layer's hidden state.
    private mutating func computeLogits() {
        let config = parameters.config
        let (h, v, batch) = (config.hiddenSize, config.vocabularySize, streamCount)
        let layout = parameters.layout
        let top = (config.layers - 1) * batch * h
        parameters.values.withUnsafeBufferPointer { values in
            hidden.withUnsafeBufferPointer { hidden in
                logits.withUnsafeMutableBufferPointer { logits in
                    let bias = values.baseAddress! + layout.headBias.lowerBound
                    for row in 0..<batch { (logits.baseAddress! + row * v).update(from: bias, count: v) }
                    Self.multiplyAdd(
                        logits.baseAddress!, inputs: hidden.baseAddress! + top, batch: batch,
                        weight: values.baseAddress! + layout.headWeight.lowerBound, outputs: v, width: h)
                }
            }
        }
    }

    /// output (B, outputs) += inputs (B, width) · weight (outputs, width)ᵀ: GEMV for one row,
    /// GEMM otherwise. (A hand-written SSE kernel for 2–16 streams, tried to avoid sgemm's weight
    /// packing, measured 1.7× slower than OpenBLAS's AVX-512 sgemm at 8 streams, H512.)
    private static func multiplyAdd(
        _ output: UnsafeMutablePointer<Float>, inputs: UnsafePointer<Float>, batch: Int,
        weight: UnsafePointer<Float>, outputs: Int, width: Int
    ) {
        if batch == 1 {
            BLAS.gemv(
                transA: false, rows: outputs, columns: width, a: weight, lda: width, x: inputs, beta: 1, y: output)
        } else {
            BLAS.gemm(
                transA: false, transB: true, m: batch, n: outputs, k: width,
                a: inputs, lda: width, b: weight, ldb: width, beta: 1, c: output, ldc: outputs)
        }
    }
}
