import CBLAS
import Synchronization

/// Every call into OpenBLAS lives here, so the rest of the engine speaks in plain sizes and pointers.
///
/// All matrices are row-major. `transA`/`transB` mean "use the transpose of the stored matrix",
/// exactly as in cblas; leading dimensions are those of the stored matrices.
///
/// The engine runs its own threads, and OpenBLAS always runs on one: a large product is split
/// into shares of C's rows (or columns), one sgemm call per thread. OpenBLAS's own workers
/// spin (calling sched_yield) for a while after every product, and on a 2-core machine that
/// spinning took a core from the recurrence, which the engine spreads over its threads between
/// products: 14–26% of a 2-thread training step went to the scheduler.
public enum BLAS {
    /// Sets how many threads the engine's products (and the recurrence) may use. Small matrices
    /// (batch-1 generation) run best on one.
    public static func setThreadCount(_ count: Int) {
        pinOpenBLASToOneThread()
        chosenThreadCount.store(max(1, count), ordering: .relaxed)
    }

    /// The count last set, or OpenBLAS's default (the cores it found, or OPENBLAS_NUM_THREADS).
    public static var threadCount: Int {
        let chosen = chosenThreadCount.load(ordering: .relaxed)
        return chosen > 0 ? chosen : defaultThreadCount
    }

    private static let chosenThreadCount = Atomic<Int>(0)
    /// Read once, before OpenBLAS is pinned to one thread.
    private static let defaultThreadCount: Int = {
        let count = Int(openblas_get_num_threads())
        openblas_set_num_threads(1)
        return max(1, count)
    }()

    /// Every way into OpenBLAS passes here first, so that its default is read before the pin.
    private static func pinOpenBLASToOneThread() { _ = defaultThreadCount }

    /// Below this many multiply-adds per thread a product stays on one thread.
    static let minimumWorkPerThread = 1 << 21

    /// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int = threadCount
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
            pinOpenBLASToOneThread()
            cblas_sgemv(
                CblasRowMajor, transB ? CblasNoTrans : CblasTrans, Int32(transB ? n : k), Int32(transB ? k : n),
                alpha, b, Int32(ldb), a, 1, beta, c, 1)
            return
        }
        // Rows of C come from rows of op(A), columns of C from columns of op(B); the longer side
        // is shared out, in multiples of 16 (whole micro-kernel tiles).
        let splitRows = m >= n
        let (length, other) = splitRows ? (m, n) : (n, m)
        let minimumLength = (minimumWorkPerThread + other * k - 1) / (other * k)
        Shares.forEach(length, minimum: minimumLength, alignment: 16, threads: threads) { share in
            let (first, count) = (share.lowerBound, share.count)
            if splitRows {
                sgemm(transA: transA, transB: transB, m: count, n: n, k: k, alpha: alpha,
                      a: a + first * (transA ? 1 : lda), lda: lda, b: b, ldb: ldb,
                      beta: beta, c: c + first * ldc, ldc: ldc)
            } else {
                sgemm(transA: transA, transB: transB, m: m, n: count, k: k, alpha: alpha,
                      a: a, lda: lda, b: b + first * (transB ? ldb : 1), ldb: ldb,
                      beta: beta, c: c + first, ldc: ldc)
            }
        }
    }

    private static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        pinOpenBLASToOneThread()
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
        pinOpenBLASToOneThread()
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
