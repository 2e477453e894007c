/// Plain triple-loop versions of the BLAS routines, kept beside the fast ones as the reference
/// that tests compare against. Same argument conventions as `BLAS`.
enum ReferenceMath {
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Double = 0
                for p in 0..<k {
                    let aValue = transA ? a[p * lda + i] : a[i * lda + p]
                    let bValue = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(aValue) * Double(bValue)
                }
                let previous = beta == 0 ? 0 : beta * c[i * ldc + j]
                c[i * ldc + j] = alpha * Float(sum) + previous
            }
        }
    }

    static func gemv(
        transA: Bool, rows: Int, columns: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>,
        beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        let outputs = transA ? columns : rows
        let inputs = transA ? rows : columns
        for i in 0..<outputs {
            var sum: Double = 0
            for p in 0..<inputs {
                let aValue = transA ? a[p * lda + i] : a[i * lda + p]
                sum += Double(aValue) * Double(x[p])
            }
            y[i] = alpha * Float(sum) + (beta == 0 ? 0 : beta * y[i])
        }
    }
}
