import NeuraKernels

/// The output layer: a linear map from the top hidden state to vocabulary logits.
enum LinearHead {
    /// logits (N, V) = hidden (N, H) · weight (V, H)ᵀ + bias (V)
    static func forward(
        logits: UnsafeMutablePointer<Float>, hidden: UnsafePointer<Float>,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        rows: Int, hiddenSize: Int, vocabularySize: Int
    ) {
        for row in 0..<rows {
            (logits + row * vocabularySize).update(from: bias, count: vocabularySize)
        }
        BLAS.gemm(
            transA: false, transB: true, m: rows, n: vocabularySize, k: hiddenSize,
            a: hidden, lda: hiddenSize, b: weight, ldb: hiddenSize,
            beta: 1, c: logits, ldc: vocabularySize)
    }

    /// hiddenGrad (N, H) += logitsGrad · weight; weightGrad (V, H) += logitsGradᵀ · hidden;
    /// biasGrad (V) += column sums of logitsGrad.
    static func backward(
        hiddenGrad: UnsafeMutablePointer<Float>, weightGrad: UnsafeMutablePointer<Float>,
        biasGrad: UnsafeMutablePointer<Float>, logitsGrad: UnsafePointer<Float>,
        hidden: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        rows: Int, hiddenSize: Int, vocabularySize: Int
    ) {
        BLAS.gemm(
            transA: false, transB: false, m: rows, n: hiddenSize, k: vocabularySize,
            a: logitsGrad, lda: vocabularySize, b: weight, ldb: hiddenSize,
            beta: 1, c: hiddenGrad, ldc: hiddenSize)
        BLAS.gemm(
            transA: true, transB: false, m: vocabularySize, n: hiddenSize, k: rows,
            a: logitsGrad, lda: vocabularySize, b: hidden, ldb: hiddenSize,
            beta: 1, c: weightGrad, ldc: hiddenSize)
        addColumnSums(into: biasGrad, of: logitsGrad, rows: rows, columns: vocabularySize)
    }
}

/// Adds the column sums of a (rows, columns) matrix into `target` (columns).
func addColumnSums(
    into target: UnsafeMutablePointer<Float>, of matrix: UnsafePointer<Float>, rows: Int, columns: Int,
    threads: Int = BLAS.threadCount
) {
    // Shared out by columns, so each column is summed in row order on one thread as before.
    Shares.forEach(columns, minimum: 1 << 20 / max(1, rows), threads: threads) { share in
        for row in 0..<rows {
            let line = matrix + row * columns
            for column in share { target[column] += line[column] }
        }
    }
}

/// Softmax cross-entropy per row: loss_n = log Σ_j exp(logit_nj) − logit_n,target. The
/// exponentials run in NeuraKernels (vectorised; libm's expf here was scalar).
enum CrossEntropy {
    /// Writes each row's loss and log-sum-exp (kept for the backward pass).
    static func forward(
        losses: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Float>,
        logits: UnsafePointer<Float>, targets: UnsafePointer<Int>,
        rows: Int, vocabularySize: Int
    ) {
        for row in 0..<rows {
            let line = logits + row * vocabularySize
            var maximum = line[0]
            for j in 1..<vocabularySize where line[j] > maximum { maximum = line[j] }
            let sum = nk_sum_exp(line, vocabularySize, maximum)
            let normaliser = maximum + Elementary.log(sum)
            logSumExp[row] = normaliser
            losses[row] = normaliser - line[targets[row]]
        }
    }

    /// logitsGrad (N, V) += lossGrad_n · (softmax_n − onehot(target_n)), where lossGrad_n is
    /// d(total loss)/d(loss_n) (the mask weight over the counted total for a mean).
    static func backward(
        logitsGrad: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>,
        logSumExp: UnsafePointer<Float>, targets: UnsafePointer<Int>,
        lossGrads: UnsafePointer<Float>, rows: Int, vocabularySize: Int
    ) {
        for row in 0..<rows {
            let scale = lossGrads[row]
            if scale == 0 { continue }
            let line = logits + row * vocabularySize
            let grad = logitsGrad + row * vocabularySize
            nk_add_scaled_exp(grad, line, vocabularySize, logSumExp[row], scale)
            grad[targets[row]] -= scale
        }
    }
}
