/// Inverted dropout: kept values are scaled by 1/(1-p) in training so evaluation needs no rescaling.
enum Dropout {
    /// Draws a fresh mask (each entry 0 or 1/(1-p)) and applies it: output = input ⊙ mask.
    static func forward(
        output: UnsafeMutablePointer<Float>, mask: UnsafeMutablePointer<Float>,
        input: UnsafePointer<Float>, count: Int, probability: Float,
        rng: inout some RandomNumberGenerator
    ) {
        let keptScale = 1 / (1 - probability)
        for index in 0..<count {
            mask[index] = rng.nextUnitFloat() < probability ? 0 : keptScale
        }
        apply(output: output, mask: mask, input: input, count: count)
    }

    /// output = input ⊙ mask, with a mask drawn earlier (tests fix it).
    static func apply(
        output: UnsafeMutablePointer<Float>, mask: UnsafePointer<Float>,
        input: UnsafePointer<Float>, count: Int
    ) {
        for index in 0..<count { output[index] = input[index] * mask[index] }
    }

    /// inputGrad += outputGrad ⊙ mask
    static func backward(
        inputGrad: UnsafeMutablePointer<Float>, outputGrad: UnsafePointer<Float>,
        mask: UnsafePointer<Float>, count: Int
    ) {
        for index in 0..<count { inputGrad[index] += outputGrad[index] * mask[index] }
    }
}
