import Dispatch
import NeuraKernels

/// The step-by-step part of one LSTM layer, forward and backward through time.
///
/// Rows of the batch never mix in the recurrence: row b's step t needs only row b's step t−1.
/// So with several threads each takes a contiguous share of the rows and runs every step on its
/// own, with no synchronisation between steps (each thread reads all of W_hh, which stays in the
/// shared cache). With one share, the per-step product can still be split by W_hh's rows.
/// The arithmetic of each row is the same however the rows are shared out.
struct LSTMRecurrence: @unchecked Sendable {
    // Safe to share between threads: every share reads the weights and writes only its own rows.
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
        let count = max(1, min(threads, batch / minimumRowsPerShare))
        let size = ((batch + count - 1) / count + minimumRowsPerShare - 1) / minimumRowsPerShare * minimumRowsPerShare
        return stride(from: 0, to: batch, by: size).map { $0..<min(batch, $0 + size) }
    }

    /// Runs `body` once per share, in parallel when there is more than one.
    private func forEachShare(_ body: @Sendable (Range<Int>, PackedMatrix?) -> Void) {
        let shares = Self.shares(batch: shape.batch, threads: packed?.threads ?? 1)
        guard shares.count > 1 else { return body(0..<shape.batch, packed) }
        let single = packed.map { PackedMatrix(panels: $0.panels, rows: $0.rows, columns: $0.columns, threads: 1) }
        DispatchQueue.concurrentPerform(iterations: shares.count) { body(shares[$0], single) }
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
        let carries = Carries(hiddenGrad: hiddenGrad, gatesGrad: gatesGrad, hidden: hiddenCarry, cell: cellCarry)
        forEachShare { rows, packed in backwardSteps(rows: rows, packed: packed, carries) }
    }

    private struct Carries: @unchecked Sendable {
        var hiddenGrad: UnsafePointer<Float>
        var gatesGrad: UnsafeMutablePointer<Float>
        var hidden: UnsafeMutablePointer<Float>
        var cell: UnsafeMutablePointer<Float>
    }

    private func backwardSteps(rows: Range<Int>, packed: PackedMatrix?, _ carries: Carries) {
        let (batch, hidden, gateWidth, streams) = (shape.batch, shape.hidden, 4 * shape.hidden, rows.count)
        let hiddenCarry = carries.hidden + rows.lowerBound * hidden
        let cellCarry = carries.cell + rows.lowerBound * hidden
        hiddenCarry.update(repeating: 0, count: streams * hidden)
        cellCarry.update(repeating: 0, count: streams * hidden)
        for step in stride(from: shape.steps - 1, through: 0, by: -1) {
            let row = step * batch + rows.lowerBound
            let previousCell = step == 0 ? initialCell + rows.lowerBound * hidden : UnsafePointer(activations.cell + (row - batch) * hidden)
            let gatesGrad = carries.gatesGrad + row * gateWidth
            LSTMCell.backward(
                gatesGrad: gatesGrad, cellCarry: cellCarry,
                hiddenGrad: carries.hiddenGrad + row * hidden, hiddenCarry: hiddenCarry,
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
