/// Named views into an `InferenceSession`'s one state buffer for S streams.
struct StreamLayout: Sendable {
    let streams: Int
    let hidden: Range<Int>    // (L, S, H) every layer's h, layer-major so a layer's rows are contiguous
    let cell: Range<Int>      // (L, S, H)
    let gates: Range<Int>     // (S, 4H) scratch for one step
    let cellTanh: Range<Int>  // (S, H) scratch for one step
    let logits: Range<Int>    // (S, V) the last step's output
    let count: Int

    init(config: LSTMConfig, streams: Int) {
        self.streams = streams
        let (v, h, l) = (config.vocabularySize, config.hiddenSize, config.layers)
        var cursor = 0
        func take(_ size: Int) -> Range<Int> {
            defer { cursor += size }
            return cursor..<(cursor + size)
        }
        hidden = take(l * streams * h)
        cell = take(l * streams * h)
        gates = take(streams * 4 * h)
        cellTanh = take(streams * h)
        logits = take(streams * v)
        count = cursor
    }
}
