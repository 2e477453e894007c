/// torch.nn.utils.clip_grad_norm_ over a flat gradient buffer.
public enum GradientClipping {
    /// Returns the global L2 norm before clipping. Scales the gradients by
    /// maxNorm / (norm + 1e-6) when that factor is below 1.
    @discardableResult
    public static func clip(_ gradients: inout [Float], maxNorm: Float) -> Float {
        let norm = globalNorm(gradients)
        clip(&gradients, norm: norm, maxNorm: maxNorm)
        return norm
    }

    /// The same with the norm already known (the trainer computes it first for its NaN guard).
    public static func clip(_ gradients: inout [Float], norm: Float, maxNorm: Float) {
        let scale = maxNorm / (norm + 1e-6)
        if scale < 1 {
            for index in gradients.indices { gradients[index] *= scale }
        }
    }

    public static func globalNorm(_ gradients: [Float]) -> Float {
        var sum: Double = 0
        for value in gradients { sum += Double(value) * Double(value) }
        return Float(sum.squareRoot())
    }
}
