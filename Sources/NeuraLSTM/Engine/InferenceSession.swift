/// A batch of independent generation streams over one model, each holding its own (h, c) for
/// every layer. Streams can be primed on prefixes together, stepped together one token each,
/// copied (variations, the model's view of alternatives) and dropped.
///
/// The first layer's input projection is folded into a (V, 4H) table at creation, since its
/// input is always an embedding row; a step then reads only the recurrent weights of the first
/// layer. The matrices a step multiplies by are kept packed (`PackedStepWeights`), in float or
/// half precision, and read once per step for all streams together.
public struct InferenceSession: Sendable {
    public let parameters: LSTMParameters
    private let stepWeights: PackedStepWeights
    /// (V, 4H) embedding · W_ih0ᵀ + b_ih0 + b_hh0, then (L, 4H) b_ih + b_hh per layer.
    private let derived: [Float]
    private var layout: StreamLayout
    private var state: [Float]

    /// `precision` is that of every weight matrix a step or a priming pass reads.
    public init(parameters: LSTMParameters, precision: WeightPrecision = .float32) {
        self.parameters = parameters
        stepWeights = PackedStepWeights(parameters: parameters, precision: precision)
        let config = parameters.config
        let (v, e, h, l) = (config.vocabularySize, config.embeddingSize, config.hiddenSize, config.layers)
        let gateWidth = 4 * h
        let weights = parameters.layout
        var derived = [Float](repeating: 0, count: (v + l) * gateWidth)
        for layer in 0..<l {
            let ranges = weights.layers[layer]
            for j in 0..<gateWidth {
                derived[(v + layer) * gateWidth + j] =
                    parameters.values[ranges.biasInput.lowerBound + j] + parameters.values[ranges.biasHidden.lowerBound + j]
            }
        }
        parameters.values.withUnsafeBufferPointer { values in
            derived.withUnsafeMutableBufferPointer { derived in
                // Through pointers: replacing a subrange with a slice of the same array would copy
                // the whole table once per token (the slice keeps the buffer shared).
                let firstBias = UnsafePointer(derived.baseAddress! + v * gateWidth)
                for token in 0..<v { (derived.baseAddress! + token * gateWidth).update(from: firstBias, count: gateWidth) }
                BLAS.gemm(
                    transA: false, transB: true, m: v, n: gateWidth, k: e,
                    a: values.baseAddress! + weights.embedding.lowerBound, lda: e,
                    b: values.baseAddress! + weights.layers[0].weightInput.lowerBound, ldb: e,
                    beta: 1, c: derived.baseAddress!, ldc: gateWidth)
            }
        }
        self.derived = derived
        layout = StreamLayout(config: config, streams: 0)
        state = []
    }

    public var config: LSTMConfig { parameters.config }

    public var precision: WeightPrecision { stepWeights.precision }

    public var streamCount: Int { layout.streams }

    /// Replaces every stream by fresh ones (h = c = 0), one per prefix, runs each prefix through
    /// the model and returns each stream's logits after its last token (the distribution of the
    /// next token). Every prefix needs at least one token (usually BOS). All streams advance
    /// together, one token per step, on the packed step weights: at batch 1 that reads far less
    /// than a training-style pass, and the first layer needs no input projection at all.
    public mutating func prime(prefixes: [[Int]]) throws(LSTMError) -> [[Float]] {
        for prefix in prefixes {
            guard !prefix.isEmpty else { throw .invalidBatch("every prefix needs at least one token (BOS)") }
            try validate(prefix)
        }
        resize(streamCount: prefixes.count)
        guard let longest = prefixes.map(\.count).max() else { return [] }
        let (h, layers, batch) = (config.hiddenSize, config.layers, prefixes.count)
        // Each stream's (h, c) after its own last token; shorter prefixes step on padding after
        // that, which the causal LSTM cannot carry back into what was kept.
        var kept = state
        for step in 0..<longest {
            advance(tokens: prefixes.map { step < $0.count ? $0[step] : 0 })
            for (stream, prefix) in prefixes.enumerated() where prefix.count == step + 1 {
                for layer in 0..<layers {
                    let start = (layer * batch + stream) * h
                    for range in [layout.hidden, layout.cell] {
                        let span = (range.lowerBound + start)..<(range.lowerBound + start + h)
                        kept.replaceSubrange(span, with: state[span])
                    }
                }
            }
        }
        state = kept
        computeLogits()
        return logitRows()
    }

    /// Feeds one token to every stream and returns the next-token logits, (S, V) row-major.
    public mutating func step(tokens: [Int]) throws(LSTMError) -> [Float] {
        guard tokens.count == streamCount else {
            throw .invalidBatch("step got \(tokens.count) tokens for \(streamCount) streams")
        }
        try validate(tokens)
        guard streamCount > 0 else { return [] }
        advance(tokens: tokens)
        computeLogits()
        return Array(state[layout.logits])
    }

    /// Runs every layer one step for all streams, updating (h, c) in place.
    private mutating func advance(tokens: [Int]) {
        let config = parameters.config
        let (v, h, batch) = (config.vocabularySize, config.hiddenSize, streamCount)
        let gateWidth = 4 * h
        let (weights, layout) = (stepWeights, self.layout)
        derived.withUnsafeBufferPointer { derived in
            state.withUnsafeMutableBufferPointer { state in
                let (derived, state) = (derived.baseAddress!, state.baseAddress!)
                let gates = state + layout.gates.lowerBound
                for (stream, token) in tokens.enumerated() {
                    (gates + stream * gateWidth).update(from: derived + token * gateWidth, count: gateWidth)
                }
                for layer in 0..<config.layers {
                    let hidden = state + layout.hidden.lowerBound + layer * batch * h
                    if let input = weights.input[layer] {
                        for stream in 0..<batch {
                            (gates + stream * gateWidth).update(from: derived + (v + layer) * gateWidth, count: gateWidth)
                        }
                        weights.multiplyAdd(input, inputs: hidden - batch * h, outputs: gates, streams: batch)
                    }
                    weights.multiplyAdd(weights.recurrent[layer], inputs: hidden, outputs: gates, streams: batch)
                    let cell = state + layout.cell.lowerBound + layer * batch * h
                    LSTMCell.forward(
                        gates: gates, previousCell: cell, cell: cell, cellTanh: state + layout.cellTanh.lowerBound,
                        hidden: hidden, batch: batch, hiddenSize: h)
                }
            }
        }
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
    /// A negative index makes a fresh stream (h = c = 0).
    public mutating func select(streams: [Int]) throws(LSTMError) {
        for stream in streams where stream >= streamCount {
            throw .invalidStream(index: stream, streamCount: streamCount)
        }
        let (h, layers) = (config.hiddenSize, config.layers)
        let old = (layout: layout, state: state)
        resize(streamCount: streams.count)
        for layer in 0..<layers {
            for (position, stream) in streams.enumerated() where stream >= 0 {
                let source = (layer * old.layout.streams + stream) * h
                let target = (layer * streams.count + position) * h
                for (destination, origin) in [(layout.hidden, old.layout.hidden), (layout.cell, old.layout.cell)] {
                    state.replaceSubrange(
                        (destination.lowerBound + target)..<(destination.lowerBound + target + h),
                        with: old.state[(origin.lowerBound + source)..<(origin.lowerBound + source + h)])
                }
            }
        }
    }

    /// Adds `count` streams starting from h = c = 0 and returns their indices.
    @discardableResult
    public mutating func addStreams(count: Int) -> Range<Int> {
        let old = streamCount
        // Indices are all valid or negative, so this cannot throw.
        try? select(streams: Array(0..<old) + Array(repeating: -1, count: max(0, count)))
        return old..<streamCount
    }

    /// The state of one stream: what its prefix left behind.
    public func snapshot(ofStream stream: Int) throws(LSTMError) -> StreamSnapshot {
        guard stream >= 0, stream < streamCount else { throw .invalidStream(index: stream, streamCount: streamCount) }
        let h = config.hiddenSize
        var hiddenState: [Float] = []
        var cellState: [Float] = []
        for layer in 0..<config.layers {
            let start = (layer * streamCount + stream) * h
            hiddenState += state[(layout.hidden.lowerBound + start)..<(layout.hidden.lowerBound + start + h)]
            cellState += state[(layout.cell.lowerBound + start)..<(layout.cell.lowerBound + start + h)]
        }
        return StreamSnapshot(hidden: hiddenState, cell: cellState)
    }

    /// Replaces every stream by one stream per snapshot, in that order, and returns their logits.
    public mutating func restore(_ snapshots: [StreamSnapshot]) throws(LSTMError) -> [[Float]] {
        let (h, layers) = (config.hiddenSize, config.layers)
        for snapshot in snapshots where snapshot.hidden.count != layers * h || snapshot.cell.count != layers * h {
            throw .invalidBatch("a snapshot of \(snapshot.hidden.count) values does not fit \(layers) layers of \(h)")
        }
        resize(streamCount: snapshots.count)
        for (stream, snapshot) in snapshots.enumerated() {
            for layer in 0..<layers {
                let target = (layer * snapshots.count + stream) * h
                let source = (layer * h)..<((layer + 1) * h)
                state.replaceSubrange(
                    (layout.hidden.lowerBound + target)..<(layout.hidden.lowerBound + target + h), with: snapshot.hidden[source])
                state.replaceSubrange(
                    (layout.cell.lowerBound + target)..<(layout.cell.lowerBound + target + h), with: snapshot.cell[source])
            }
        }
        computeLogits()
        return logitRows()
    }

    /// Runs a one-stream session on through `tokens` from where it stands and returns the logits
    /// after the last: priming in pieces, so that a caller can keep snapshots along the way.
    public mutating func feed(_ tokens: [Int]) throws(LSTMError) -> [Float] {
        guard streamCount == 1 else { throw .invalidBatch("feed needs exactly one stream, not \(streamCount)") }
        guard !tokens.isEmpty else { throw .invalidBatch("feed needs at least one token") }
        try validate(tokens)
        for token in tokens { advance(tokens: [token]) }
        computeLogits()
        return Array(state[layout.logits])
    }

    private mutating func resize(streamCount: Int) {
        layout = StreamLayout(config: config, streams: streamCount)
        state = [Float](repeating: 0, count: layout.count)
    }

    private func validate(_ tokens: [Int]) throws(LSTMError) {
        let v = config.vocabularySize
        if let bad = tokens.first(where: { $0 < 0 || $0 >= v }) { throw .tokenOutOfRange(token: bad, vocabularySize: v) }
    }

    private func logitRows() -> [[Float]] {
        let v = config.vocabularySize
        return (0..<streamCount).map { Array(state[(layout.logits.lowerBound + $0 * v)..<(layout.logits.lowerBound + ($0 + 1) * v)]) }
    }

    /// logits (S, V) from the top layer's hidden state.
    private mutating func computeLogits() {
        let config = parameters.config
        let (h, v, batch) = (config.hiddenSize, config.vocabularySize, streamCount)
        let (weights, layout, headBias) = (stepWeights, self.layout, parameters.layout.headBias)
        parameters.values.withUnsafeBufferPointer { values in
            state.withUnsafeMutableBufferPointer { state in
                let logits = state.baseAddress! + layout.logits.lowerBound
                let bias = values.baseAddress! + headBias.lowerBound
                for row in 0..<batch { (logits + row * v).update(from: bias, count: v) }
                weights.multiplyAdd(
                    weights.head, inputs: state.baseAddress! + layout.hidden.lowerBound + (config.layers - 1) * batch * h,
                    outputs: logits, streams: batch)
            }
        }
    }
}

/// What one stream carries from token to token: (h, c) of every layer, layer after layer.
public struct StreamSnapshot: Sendable, Equatable {
    public let hidden: [Float]
    public let cell: [Float]

    public init(hidden: [Float], cell: [Float]) {
        self.hidden = hidden
        self.cell = cell
    }

    /// The state before any token: zeros.
    public static func zero(_ config: LSTMConfig) -> StreamSnapshot {
        let count = config.layers * config.hiddenSize
        return StreamSnapshot(hidden: Array(repeating: 0, count: count), cell: Array(repeating: 0, count: count))
    }
}
