import Testing
@testable import NeuraLSTM

/// OpenBLAS against the naive reference, for every transpose combination and padded leading dimensions.
@Suite struct BLASTests {
    /// m = 1 takes the sgemv path.
    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)], [1, 5])
    func gemmMatchesTheNaiveReference(transposes: (Bool, Bool), m: Int) {
        let arena = Arena()
        defer { arena.release() }
        let (transA, transB) = transposes
        let (n, k) = (7, 3)
        let (lda, ldb, ldc) = ((transA ? m : k) + 2, (transB ? k : n) + 1, n + 3)
        let a = arena.buffer(randomValues((transA ? k : m) * lda, seed: 1))
        let b = arena.buffer(randomValues((transB ? n : k) * ldb, seed: 2))
        let start = randomValues(m * ldc, seed: 3)
        let fast = arena.buffer(start)
        let naive = arena.buffer(start)
        BLAS.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a.pointer, lda: lda,
                  b: b.pointer, ldb: ldb, beta: 0.75, c: fast.pointer, ldc: ldc)
        ReferenceMath.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a.pointer, lda: lda,
                           b: b.pointer, ldb: ldb, beta: 0.75, c: naive.pointer, ldc: ldc)
        #expect(firstMismatch(fast.values, naive.doubles, relative: 1e-5, absolute: 1e-6) == nil)
        #expect(fast.values != start)
    }

    @Test(arguments: [false, true])
    func gemvMatchesTheNaiveReference(transA: Bool) {
        let arena = Arena()
        defer { arena.release() }
        let (rows, columns) = (6, 4)
        let a = arena.buffer(randomValues(rows * columns, seed: 4))
        let x = arena.buffer(randomValues(transA ? rows : columns, seed: 5))
        let start = randomValues(transA ? columns : rows, seed: 6)
        let (fast, naive) = (arena.buffer(start), arena.buffer(start))
        BLAS.gemv(transA: transA, rows: rows, columns: columns, a: a.pointer, lda: columns, x: x.pointer, beta: 1, y: fast.pointer)
        ReferenceMath.gemv(transA: transA, rows: rows, columns: columns, a: a.pointer, lda: columns, x: x.pointer,
                           beta: 1, y: naive.pointer)
        #expect(firstMismatch(fast.values, naive.doubles, relative: 1e-5, absolute: 1e-6) == nil)
    }

    /// An empty inner dimension is an empty sum: C becomes beta·C (BPTT over one step hits this).
    @Test func gemmWithEmptyInnerDimensionScalesC() {
        let arena = Arena()
        defer { arena.release() }
        let c = arena.buffer([1, 2, 3, 4])
        let unused = arena.zeros(1)
        BLAS.gemm(transA: true, transB: false, m: 2, n: 2, k: 0, a: unused.pointer, lda: 2, b: unused.pointer, ldb: 2,
                  beta: 1, c: c.pointer, ldc: 2)
        #expect(c.values == [1, 2, 3, 4])
        BLAS.gemm(transA: true, transB: false, m: 2, n: 2, k: 0, a: unused.pointer, lda: 2, b: unused.pointer, ldb: 2,
                  beta: 0, c: c.pointer, ldc: 2)
        #expect(c.values == [0, 0, 0, 0])
    }

    /// Shared out over threads (by rows of C when it has more rows, by columns otherwise, with
    /// leading dimensions wider than the matrices), a product is the one-thread product up to
    /// summation order (OpenBLAS blocks the inner dimension by the shape it is given).
    @Test(arguments: [(false, false), (true, true)], [(m: 200, n: 40), (m: 40, n: 200)])
    func productSharedOutOverThreadsEqualsOneThread(transposes: (Bool, Bool), shape: (m: Int, n: Int)) {
        let arena = Arena()
        defer { arena.release() }
        let (transA, transB) = transposes
        let (m, n, k) = (shape.m, shape.n, 600)
        #expect(m * n * k / BLAS.minimumWorkPerThread >= 2, "large enough to share out")
        let (lda, ldb, ldc) = ((transA ? m : k) + 3, (transB ? k : n) + 5, n + 7)
        let a = arena.buffer(randomValues((transA ? k : m) * lda, seed: 7))
        let b = arena.buffer(randomValues((transB ? n : k) * ldb, seed: 8))
        let start = randomValues(m * ldc, seed: 9)
        let (one, three) = (arena.buffer(start), arena.buffer(start))
        for (c, threads) in [(one, 1), (three, 3)] {
            BLAS.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a.pointer, lda: lda,
                      b: b.pointer, ldb: ldb, beta: 0.75, c: c.pointer, ldc: ldc, threads: threads)
        }
        #expect(firstMismatch(three.values, one.doubles, relative: 1e-5, absolute: 1e-5) == nil)
        let naive = arena.buffer(start)
        ReferenceMath.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: a.pointer, lda: lda,
                           b: b.pointer, ldb: ldb, beta: 0.75, c: naive.pointer, ldc: ldc)
        #expect(firstMismatch(three.values, naive.doubles, relative: 1e-4, absolute: 1e-4) == nil)
    }

    @Test func threadCountCanBeSet() {
        let before = BLAS.threadCount
        BLAS.setThreadCount(1)
        #expect(BLAS.threadCount == 1)
        BLAS.setThreadCount(before)
    }
}

