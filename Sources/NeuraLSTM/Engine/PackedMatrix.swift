import NeuraKernels

/// A (rows, columns) float matrix packed into NeuraKernels' panels, and the threads its
/// products may use.
struct PackedMatrix {
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
        // Shares of whole panels, at least `minimumWorkPerThread` multiply-adds each.
        let minimumRows = (Self.minimumWorkPerThread + columns * streams - 1) / max(1, columns * streams)
        Shares.forEach(rows, minimum: minimumRows, alignment: Int(NK_PANEL_ROWS), threads: threads) { share in
            nk_packed_gemv_f32(
                panels + share.lowerBound * columns, share.count, columns, x, xStride,
                y + share.lowerBound, yStride, streams)
        }
    }
}
