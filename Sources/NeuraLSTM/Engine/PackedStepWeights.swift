import NeuraKernels

/// How generation stores the weights a step reads.
public enum WeightPrecision: String, Sendable, CaseIterable {
    /// The model's own values: steps agree with the training forward pass to float rounding.
    case float32
    /// IEEE half precision, accumulated in float: half the bytes per token, and batch-1
    /// generation is bound by reading the weights. Logits move by about 1e-3 relative.
    case float16
}

/// The matrices one generation step multiplies by — every layer's recurrent weights, the input
/// weights of the layers above the first, and the head — repacked into NeuraKernels' panels,
/// so that a step streams through each once for all streams, without OpenBLAS's per-call repacking.
struct PackedStepWeights: Sendable {
    struct Matrix: Sendable {
        let offset: Int
        let rows: Int
        let columns: Int
    }

    private enum Storage: Sendable {
        case float32([Float])
        case float16([UInt16])
    }

    let precision: WeightPrecision
    private let storage: Storage
    /// Per layer: the recurrent matrix (4H, H), then the input matrix (4H, H), nil for layer 0.
    let recurrent: [Matrix]
    let input: [Matrix?]
    let head: Matrix

    init(parameters: LSTMParameters, precision: WeightPrecision) {
        let config = parameters.config
        let (h, v) = (config.hiddenSize, config.vocabularySize)
        let layout = parameters.layout
        // Each matrix with where its values sit in `parameters.values`.
        var placed: [(source: Range<Int>, matrix: Matrix)] = []
        var cursor = 0
        func place(_ source: Range<Int>, rows: Int, columns: Int) -> Matrix {
            let matrix = Matrix(offset: cursor, rows: rows, columns: columns)
            cursor += nk_packed_count(rows, columns)
            placed.append((source, matrix))
            return matrix
        }
        var recurrent: [Matrix] = []
        var input: [Matrix?] = []
        for layer in 0..<config.layers {
            recurrent.append(place(layout.layers[layer].weightHidden, rows: 4 * h, columns: h))
            input.append(layer == 0 ? nil : place(layout.layers[layer].weightInput, rows: 4 * h, columns: h))
        }
        head = place(layout.headWeight, rows: v, columns: h)
        self.recurrent = recurrent
        self.input = input
        self.precision = precision
        let total = cursor
        storage = parameters.values.withUnsafeBufferPointer { values in
            let base = values.baseAddress!
            switch precision {
            case .float32:
                var packed = [Float](repeating: 0, count: total)
                packed.withUnsafeMutableBufferPointer { packed in
                    for (source, matrix) in placed {
                        nk_pack_f32(base + source.lowerBound, matrix.rows, matrix.columns, packed.baseAddress! + matrix.offset)
                    }
                }
                return .float32(packed)
            case .float16:
                var packed = [UInt16](repeating: 0, count: total)
                packed.withUnsafeMutableBufferPointer { packed in
                    for (source, matrix) in placed {
                        nk_pack_f16(base + source.lowerBound, matrix.rows, matrix.columns, packed.baseAddress! + matrix.offset)
                    }
                }
                return .float16(packed)
            }
        }
    }

    /// outputs (streams, matrix.rows) += inputs (streams, matrix.columns) · matrixᵀ, both row-major.
    func multiplyAdd(
        _ matrix: Matrix, inputs: UnsafePointer<Float>, outputs: UnsafeMutablePointer<Float>, streams: Int
    ) {
        guard streams > 0 else { return }
        switch storage {
        case .float32(let packed):
            packed.withUnsafeBufferPointer { packed in
                nk_packed_gemv_f32(
                    packed.baseAddress! + matrix.offset, matrix.rows, matrix.columns,
                    inputs, matrix.columns, outputs, matrix.rows, streams)
            }
        case .float16(let packed):
            packed.withUnsafeBufferPointer { packed in
                nk_packed_gemv_f16(
                    packed.baseAddress! + matrix.offset, matrix.rows, matrix.columns,
                    inputs, matrix.columns, outputs, matrix.rows, streams)
            }
        }
    }
}
