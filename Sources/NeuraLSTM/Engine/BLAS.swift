import CBLAS

/// Every call into OpenBLAS lives here, so the rest of the engine speaks in plain sizes and pointers.
///
/// All matrices are row-major. `transA`/`transB` mean "use the transpose of the stored matrix",
/// exactly as in cblas; leading dimensions are those of the stored matrices.
public enum BLAS {
    /// Sets how many threads OpenBLAS may use. Small matrices (batch-1 generation) run best on one.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // cblas leaves C untouched for k == 0 only when beta == 1; make the empty sum explicit.
            if beta != 1 { scaleRows(c, rows: m, columns: n, stride: ldc, by: beta) }
            return
        }
        if m == 1 && !transA {
            // A one-row product is a matrix–vector product, and OpenBLAS's sgemm is several times
            // slower than its sgemv there (priming one stream, evaluating one piece).
            cblas_sgemv(
                CblasRowMajor, transB ? CblasNoTrans : CblasTrans, Int32(transB ? n : k), Int32(transB ? k : n),
                alpha, b, Int32(ldb), a, 1, beta, c, 1)
            return
        }
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// y[m or n] = alpha · op(A) · x + beta · y, with A stored as rows×columns.
    static func gemv(
        transA: Bool, rows: Int, columns: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>,
        beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        guard rows > 0, columns > 0 else { return }
        cblas_sgemv(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
            alpha, a, Int32(lda), x, 1, beta, y, 1)
    }

    private static func scaleRows(
        _ c: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int, by beta: Float
    ) {
        for row in 0..<rows {
            let line = c + row * stride
            for column in 0..<columns { line[column] = beta == 0 ? 0 : line[column] * beta }
        }
    }
}
