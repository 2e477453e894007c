import Dispatch
import NeuraKernels

/// A (rows, columns) float matrix packed into NeuraKernels' panels, and the threads its
/// products may use. Sendable because nothing ever writes through `panels`.
struct PackedMatrix: @unchecked Sendable {
    var panels: UnsafePointer<Float>
    var rows: Int
    var columns: Int
    var threads: Int

    /// Below this many multiply-adds per thread, waking a second thread costs more than it saves.
    static let minimumWorkPerThread = 1 << 18

    /// y_s += W · x_s for each stream s, with x_s = x + s·xStride and y_s = y + s·yStride.
    /// With several threads, each computes a contiguous share of W's panels for every stream:
    /// each reads only its share of the weights, and no two write the same output.
    func multiplyAdd(
        _ x: UnsafePointer<Float>, stride xStride: Int,
        into y: UnsafeMutablePointer<Float>, stride yStride: Int, streams: Int
    ) {
        let panelCount = (rows + Int(NK_PANEL_ROWS) - 1) / Int(NK_PANEL_ROWS)
        let work = rows * columns * streams
        let parts = max(1, min(threads, panelCount, work / Self.minimumWorkPerThread))
        guard parts > 1 else {
            nk_packed_gemv_f32(panels, rows, columns, x, xStride, y, yStride, streams)
            return
        }
        let rowsPerPart = (panelCount + parts - 1) / parts * Int(NK_PANEL_ROWS)
        let shares = SharedOperands(x: x, y: y)
        DispatchQueue.concurrentPerform(iterations: parts) { [self] part in
            let (matrix, firstRow) = (self, part * rowsPerPart)
            let endRow = min(matrix.rows, firstRow + rowsPerPart)
            guard firstRow < endRow else { return }
            nk_packed_gemv_f32(
                matrix.panels + firstRow * matrix.columns, endRow - firstRow, matrix.columns,
                shares.x, xStride, shares.y + firstRow, yStride, streams)
        }
    }
}

/// The vectors of one split product. Safe to share: every thread only reads x, and writes rows
/// of y that no other thread touches, and `concurrentPerform` returns only when all are done.
private struct SharedOperands: @unchecked Sendable {
    var x: UnsafePointer<Float>
    var y: UnsafeMutablePointer<Float>
}
