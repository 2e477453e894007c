import NeuraKernels

/// Sizes of one LSTM layer run over a time-major batch: row `t·B + b` holds step t of sequence b.
struct LSTMLayerShape {
    var batch: Int    // B
    var steps: Int    // T
    var input: Int    // in: E for the first layer, H above it
    var hidden: Int   // H
    var rows: Int { batch * steps }
}

/// The four tensors of one layer (PyTorch names and gate order i, f, g, o).
struct LSTMLayerWeights {
    var weightInput: UnsafePointer<Float>    // (4H, in)
    var weightHidden: UnsafePointer<Float>   // (4H, H)
    var biasInput: UnsafePointer<Float>      // (4H)
    var biasHidden: UnsafePointer<Float>     // (4H)
}

struct LSTMLayerGradients {
    var weightInput: UnsafeMutablePointer<Float>    // (4H, in)
    var weightHidden: UnsafeMutablePointer<Float>   // (4H, H)
    var biasInput: UnsafeMutablePointer<Float>      // (4H)
    var biasHidden: UnsafeMutablePointer<Float>     // (4H)
}

/// What the forward pass keeps for the backward pass, all time-major.
struct LSTMLayerActivations {
    var gates: UnsafeMutablePointer<Float>      // (T·B, 4H) after their nonlinearities: σ(i) σ(f) tanh(g) σ(o)
    var cell: UnsafeMutablePointer<Float>       // (T·B, H)
    var cellTanh: UnsafeMutablePointer<Float>   // (T·B, H)
    var hidden: UnsafeMutablePointer<Float>     // (T·B, H) the layer's output
}

/// How the per-step recurrent product (B rows against W_hh) is computed.
enum RecurrenceKernel: Equatable {
    /// OpenBLAS sgemm, which repacks W_hh on every call; one share of the batch (kept as the
    /// reference the packed kernel is tested against).
    case blas
    /// NeuraKernels' product on a copy of W_hh packed once per pass: 1.1–1.4× faster than
    /// sgemm on one core at B = 32 (the repacking was ~15% of a training step). With more than
    /// one thread the batch's rows are shared out (see `LSTMRecurrence`).
    case packed(threads: Int)

    /// Packed, on as many threads as the engine has.
    static var automatic: RecurrenceKernel { .packed(threads: BLAS.threadCount) }
}

enum LSTMLayer {
    /// Runs the layer over the whole sequence from the state (h0, c0), each (B, H).
    /// One GEMM projects every step's input at once; the recurrence then needs one product per step.
    static func forward(
        shape: LSTMLayerShape, input: UnsafePointer<Float>, weights: LSTMLayerWeights,
        initialHidden: UnsafePointer<Float>, initialCell: UnsafePointer<Float>,
        activations: LSTMLayerActivations, recurrence: RecurrenceKernel = .automatic
    ) {
        let hidden = shape.hidden
        let gateWidth = 4 * hidden
        let gates = activations.gates
        for row in 0..<shape.rows {
            let line = gates + row * gateWidth
            for j in 0..<gateWidth { line[j] = weights.biasInput[j] + weights.biasHidden[j] }
        }
        BLAS.gemm(
            transA: false, transB: true, m: shape.rows, n: gateWidth, k: shape.input,
            a: input, lda: shape.input, b: weights.weightInput, ldb: shape.input,
            beta: 1, c: gates, ldc: gateWidth)
        withPackedRecurrence(weights.weightHidden, hidden: hidden, transposed: false, if: recurrence) { packed in
            LSTMRecurrence(
                shape: shape, weightHidden: weights.weightHidden, initialHidden: initialHidden,
                initialCell: initialCell, activations: activations, packed: packed
            ).forward()
        }
    }

    /// Runs `body` with W_hh (4H, H) — or its transpose — packed for NeuraKernels when the
    /// kernel is `.packed`, and with nil when it is `.blas`.
    private static func withPackedRecurrence(
        _ weightHidden: UnsafePointer<Float>, hidden: Int, transposed: Bool, if kernel: RecurrenceKernel,
        _ body: (PackedMatrix?) -> Void
    ) {
        guard case .packed(let threads) = kernel else { return body(nil) }
        let (rows, columns) = transposed ? (hidden, 4 * hidden) : (4 * hidden, hidden)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: nk_packed_count(rows, columns)) { packed in
            if transposed {
                nk_pack_f32_transposed(weightHidden, 4 * hidden, hidden, packed.baseAddress!)
            } else {
                nk_pack_f32(weightHidden, 4 * hidden, hidden, packed.baseAddress!)
            }
            body(PackedMatrix(panels: UnsafePointer(packed.baseAddress!), rows: rows, columns: columns, threads: threads))
        }
    }

    /// Backpropagation through time. Adds into every gradient it is given:
    /// `inputGrad` (T·B, in), the weight gradients, and `initialHiddenGrad`/`initialCellGrad` (B, H).
    /// `hiddenGrad` (T·B, H) is d loss / d output. `gatesGrad` (T·B, 4H) and the two (B, H) carries are scratch.
    /// The per-step work is one product for the recurrent gradient (with W_hh, or its packed
    /// transpose); all weight gradients come from three large GEMMs over every step at once.
    static func backward(
        shape: LSTMLayerShape, input: UnsafePointer<Float>, weights: LSTMLayerWeights,
        initialHidden: UnsafePointer<Float>, initialCell: UnsafePointer<Float>,
        activations: LSTMLayerActivations, hiddenGrad: UnsafePointer<Float>,
        inputGrad: UnsafeMutablePointer<Float>?, gradients: LSTMLayerGradients,
        initialHiddenGrad: UnsafeMutablePointer<Float>, initialCellGrad: UnsafeMutablePointer<Float>,
        gatesGrad: UnsafeMutablePointer<Float>,
        hiddenCarry: UnsafeMutablePointer<Float>, cellCarry: UnsafeMutablePointer<Float>,
        recurrence: RecurrenceKernel = .automatic
    ) {
        let (batch, hidden) = (shape.batch, shape.hidden)
        let gateWidth = 4 * hidden
        let stateCount = batch * hidden
        withPackedRecurrence(weights.weightHidden, hidden: hidden, transposed: true, if: recurrence) { packedTranspose in
            LSTMRecurrence(
                shape: shape, weightHidden: weights.weightHidden, initialHidden: initialHidden,
                initialCell: initialCell, activations: activations, packed: packedTranspose
            ).backward(hiddenGrad: hiddenGrad, gatesGrad: gatesGrad, hiddenCarry: hiddenCarry, cellCarry: cellCarry)
        }
        for index in 0..<stateCount {
            initialHiddenGrad[index] += hiddenCarry[index]
            initialCellGrad[index] += cellCarry[index]
        }
        // W_hh sees h_{t-1}: steps 1… pair with the stored outputs 0…, step 0 with h0.
        BLAS.gemm(
            transA: true, transB: false, m: gateWidth, n: hidden, k: (shape.steps - 1) * batch,
            a: gatesGrad + batch * gateWidth, lda: gateWidth, b: activations.hidden, ldb: hidden,
            beta: 1, c: gradients.weightHidden, ldc: hidden)
        BLAS.gemm(
            transA: true, transB: false, m: gateWidth, n: hidden, k: batch,
            a: gatesGrad, lda: gateWidth, b: initialHidden, ldb: hidden,
            beta: 1, c: gradients.weightHidden, ldc: hidden)
        BLAS.gemm(
            transA: true, transB: false, m: gateWidth, n: shape.input, k: shape.rows,
            a: gatesGrad, lda: gateWidth, b: input, ldb: shape.input,
            beta: 1, c: gradients.weightInput, ldc: shape.input)
        // Both biases get the same gradient: sum the gate gradients once.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: gateWidth) { sums in
            sums.initialize(repeating: 0)
            addColumnSums(into: sums.baseAddress!, of: gatesGrad, rows: shape.rows, columns: gateWidth)
            for column in 0..<gateWidth {
                gradients.biasInput[column] += sums[column]
                gradients.biasHidden[column] += sums[column]
            }
        }
        if let inputGrad {
            BLAS.gemm(
                transA: false, transB: false, m: shape.rows, n: shape.input, k: gateWidth,
                a: gatesGrad, lda: gateWidth, b: weights.weightInput, ldb: shape.input,
                beta: 1, c: inputGrad, ldc: shape.input)
        }
    }
}

/// The element-wise part of one LSTM step for B rows: gate nonlinearities, cell and hidden update.
/// Both directions run in NeuraKernels, fused into one pass over each row with AVX2 where the
/// CPU has it (the Swift loops they replaced ran at SSE width, one nonlinearity per pass).
enum LSTMCell {
    /// `gates` (B, 4H) holds the pre-activations on entry and σ(i) σ(f) tanh(g) σ(o) on return.
    /// `cell` may be `previousCell` (generation updates the state in place).
    @inline(__always)
    static func forward(
        gates: UnsafeMutablePointer<Float>, previousCell: UnsafePointer<Float>,
        cell: UnsafeMutablePointer<Float>, cellTanh: UnsafeMutablePointer<Float>,
        hidden: UnsafeMutablePointer<Float>, batch: Int, hiddenSize: Int
    ) {
        nk_lstm_cell_forward(gates, previousCell, cell, cellTanh, hidden, batch, hiddenSize)
    }

    /// Writes d pre-activation gates (B, 4H) for one step. On entry `hiddenCarry`/`cellCarry` hold
    /// the gradient flowing back from step t+1; on return `cellCarry` holds d c_{t-1}
    /// (the caller computes d h_{t-1} from the gate gradients).
    @inline(__always)
    static func backward(
        gatesGrad: UnsafeMutablePointer<Float>, cellCarry: UnsafeMutablePointer<Float>,
        hiddenGrad: UnsafePointer<Float>, hiddenCarry: UnsafePointer<Float>,
        gates: UnsafePointer<Float>, previousCell: UnsafePointer<Float>,
        cellTanh: UnsafePointer<Float>, batch: Int, hiddenSize: Int
    ) {
        nk_lstm_cell_backward(
            gatesGrad, cellCarry, hiddenGrad, hiddenCarry, gates, previousCell, cellTanh, batch, hiddenSize)
    }
}
