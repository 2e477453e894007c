import NeuraKernels

/// The step-by-step part of one LSTM layer, forward and backward through time.
///
/// Rows of the batch never mix in the recurrence: row b's step t needs only row b's step t−1.
/// So with several threads each takes a contiguous share of the rows and runs every step on its
/// own, with no synchronisation between steps (each thread reads all of W_hh, which stays in the
/// shared cache). With one share, the per-step product can still be split by W_hh's rows.
/// The arithmetic of each row is the same however the rows are shared out.
struct LSTMRecurrence {
    // Every share reads the weights and writes only its own rows.
    var shape: LSTMLayerShape
    var weightHidden: UnsafePointer<Float>
    var initialHidden: UnsafePointer<Float>
    var initialCell: UnsafePointer<Float>
    var activations: LSTMLayerActivations
    /// W_hh packed (forward) or its transpose packed (backward); nil for sgemm.
    var packed: PackedMatrix?

    /// Each share at least this many rows: the packed product handles four streams per pass.
    static let minimumRowsPerShare = 4

    /// Contiguous shares of `batch` rows for up to `threads` threads, multiples of four rows
    /// where the batch allows.
    static func shares(batch: Int, threads: Int) -> [Range<Int>] {
        Shares.ranges(batch, minimum: minimumRowsPerShare, alignment: minimumRowsPerShare, threads: threads)
    }

    /// Runs `body` once per share of the batch, in parallel when there is more than one; within
    /// a share the product then runs on one thread.
    private func forEachShare(_ body: (Range<Int>, PackedMatrix?) -> Void) {
        let shares = Self.shares(batch: shape.batch, threads: packed?.threads ?? 1)
        var product = packed
        if shares.count > 1 { product?.threads = 1 }
        Shares.forEach(shares) { body($0, product) }
    }

    /// gates (T·B, 4H) hold the input projections and biases on entry; fills the activations.
    func forward() {
        forEachShare { rows, packed in forwardSteps(rows: rows, packed: packed) }
    }

    private func forwardSteps(rows: Range<Int>, packed: PackedMatrix?) {
        let (batch, hidden, gateWidth, streams) = (shape.batch, shape.hidden, 4 * shape.hidden, rows.count)
        for step in 0..<shape.steps {
            let row = step * batch + rows.lowerBound
            let previousHidden = step == 0 ? initialHidden + rows.lowerBound * hidden : UnsafePointer(activations.hidden + (row - batch) * hidden)
            let previousCell = step == 0 ? initialCell + rows.lowerBound * hidden : UnsafePointer(activations.cell + (row - batch) * hidden)
            let gates = activations.gates + row * gateWidth
            if let packed {
                packed.multiplyAdd(previousHidden, stride: hidden, into: gates, stride: gateWidth, streams: streams)
            } else {
                BLAS.gemm(
                    transA: false, transB: true, m: streams, n: gateWidth, k: hidden,
                    a: previousHidden, lda: hidden, b: weightHidden, ldb: hidden,
                    beta: 1, c: gates, ldc: gateWidth)
            }
            LSTMCell.forward(
                gates: gates, previousCell: previousCell,
                cell: activations.cell + row * hidden, cellTanh: activations.cellTanh + row * hidden,
                hidden: activations.hidden + row * hidden, batch: streams, hiddenSize: hidden)
        }
    }

    /// Writes d pre-activation gates for every step into `gatesGrad` (T·B, 4H), given d output
    /// `hiddenGrad` (T·B, H); on return the carries (B, H) hold d h0 and d c0.
    func backward(
        hiddenGrad: UnsafePointer<Float>, gatesGrad: UnsafeMutablePointer<Float>,
        hiddenCarry: UnsafeMutablePointer<Float>, cellCarry: UnsafeMutablePointer<Float>
    ) {
        forEachShare { rows, packed in
            backwardSteps(
                rows: rows, packed: packed, hiddenGrad: hiddenGrad, gatesGrad: gatesGrad,
                hiddenCarry: hiddenCarry + rows.lowerBound * shape.hidden, cellCarry: cellCarry + rows.lowerBound * shape.hidden)
        }
    }

    /// `hiddenCarry` and `cellCarry` point at the share's own rows.
    private func backwardSteps(
        rows: Range<Int>, packed: PackedMatrix?, hiddenGrad: UnsafePointer<Float>, gatesGrad allGatesGrad: UnsafeMutablePointer<Float>,
        hiddenCarry: UnsafeMutablePointer<Float>, cellCarry: UnsafeMutablePointer<Float>
    ) {
        let (batch, hidden, gateWidth, streams) = (shape.batch, shape.hidden, 4 * shape.hidden, rows.count)
        hiddenCarry.update(repeating: 0, count: streams * hidden)
        cellCarry.update(repeating: 0, count: streams * hidden)
        for step in stride(from: shape.steps - 1, through: 0, by: -1) {
            let row = step * batch + rows.lowerBound
            let previousCell = step == 0 ? initialCell + rows.lowerBound * hidden : UnsafePointer(activations.cell + (row - batch) * hidden)
            let gatesGrad = allGatesGrad + row * gateWidth
            LSTMCell.backward(
                gatesGrad: gatesGrad, cellCarry: cellCarry,
                hiddenGrad: hiddenGrad + row * hidden, hiddenCarry: hiddenCarry,
                gates: activations.gates + row * gateWidth, previousCell: previousCell,
                cellTanh: activations.cellTanh + row * hidden, batch: streams, hiddenSize: hidden)
            // d h_{t-1} = d gates_t · W_hh, consumed by the next iteration.
            if let packed {
                hiddenCarry.update(repeating: 0, count: streams * hidden)
                packed.multiplyAdd(gatesGrad, stride: gateWidth, into: hiddenCarry, stride: hidden, streams: streams)
            } else {
                BLAS.gemm(
                    transA: false, transB: false, m: streams, n: hidden, k: gateWidth,
                    a: gatesGrad, lda: gateWidth, b: weightHidden, ldb: hidden,
                    beta: 0, c: hiddenCarry, ldc: hidden)
            }
        }
    }
}
