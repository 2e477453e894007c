/// torch.optim.Adam (weight_decay 0, amsgrad off) over one flat parameter buffer:
///   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
///   p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)
/// ε is added after the bias-corrected square root, as PyTorch does.
public struct AdamOptimizer: Sendable {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    /// Updates taken so far (t in the bias corrections).
    public private(set) var stepCount: Int = 0
    public private(set) var firstMoment: [Float]   // same layout as the parameters
    public private(set) var secondMoment: [Float]  // same layout as the parameters

    public init(parameterCount: Int, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = [Float](repeating: 0, count: parameterCount)
        secondMoment = [Float](repeating: 0, count: parameterCount)
    }

    /// Restores an optimiser from a checkpoint.
    public init(
        beta1: Float, beta2: Float, epsilon: Float, stepCount: Int, firstMoment: [Float], secondMoment: [Float]
    ) throws(LSTMError) {
        guard firstMoment.count == secondMoment.count else {
            throw .wrongValueCount(name: "Adam second moment", expected: firstMoment.count, found: secondMoment.count)
        }
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.stepCount = stepCount
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
    }

    /// One update. Element-wise, so it is shared out over `threads` with the same result.
    public mutating func update(
        parameters: inout [Float], gradients: [Float], learningRate: Float, threads: Int = BLAS.threadCount
    ) throws(LSTMError) {
        guard parameters.count == firstMoment.count else {
            throw .wrongValueCount(name: "parameters for Adam", expected: firstMoment.count, found: parameters.count)
        }
        guard gradients.count == firstMoment.count else {
            throw .wrongValueCount(name: "gradients for Adam", expected: firstMoment.count, found: gradients.count)
        }
        stepCount += 1
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        // Bias corrections in Double, as PyTorch computes them as Python floats.
        let correction1 = 1 - Elementary.pow(Double(beta1), Double(stepCount))
        let correction2 = 1 - Elementary.pow(Double(beta2), Double(stepCount))
        let stepSize = Float(Double(learningRate) / correction1)
        let root2 = Float(correction2.squareRoot())
        let count = parameters.count
        parameters.withUnsafeMutableBufferPointer { p in
            firstMoment.withUnsafeMutableBufferPointer { m in
                secondMoment.withUnsafeMutableBufferPointer { v in
                    gradients.withUnsafeBufferPointer { g in
                        Shares.forEach(count, minimum: 1 << 16, threads: threads) { share in
                            for index in share {
                                let grad = g[index]
                                m[index] = beta1 * m[index] + (1 - beta1) * grad
                                v[index] = beta2 * v[index] + (1 - beta2) * grad * grad
                                p[index] -= stepSize * m[index] / (v[index].squareRoot() / root2 + epsilon)
                            }
                        }
                    }
                }
            }
        }
    }
}
