/// Branch-free exp, sigmoid and tanh for the gate loops. Unlike libm calls they inline, so the
/// compiler can vectorise the gate loops; libm's tanhf alone took ~15% of a training step.
/// Accuracy is a few float ulps (tests bound it against libm), far inside the 1e-4 parity budget.
/// NaN inputs give NaN outputs, so the trainer's NaN guard still sees them.
enum FastMath {
    private static let log2e: Float = 1.442_695_04
    // ln 2 split so that n·ln2High is exact for the n that occur (|n| ≤ 128).
    private static let ln2High: Float = 0.693_359_375
    private static let ln2Low: Float = -2.121_944_4e-4
    // Adding 1.5·2²³ rounds a float of magnitude < 2²² to an integer held in the low mantissa bits.
    private static let roundingShift: Float = 12_582_912

    @inline(__always)
    static func exp(_ x: Float) -> Float {
        // Comparisons with NaN are false, so NaN passes the clamp unchanged.
        let clamped = x < -87 ? -87 : (x > 88 ? 88 : x)
        let shifted = clamped * log2e + roundingShift
        let n = shifted - roundingShift
        let exponent = Int32(bitPattern: shifted.bitPattern) &- Int32(bitPattern: roundingShift.bitPattern)
        let r = clamped - n * ln2High - n * ln2Low  // |r| ≤ ln2 / 2
        // Taylor series of e^r to r⁷: the remainder is below 6e-9 relative for |r| ≤ 0.347.
        var p: Float = 1.0 / 5040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let scale = Float(bitPattern: UInt32(bitPattern: (exponent &+ 127) &<< 23))
        return p * scale
    }

    @inline(__always)
    static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    @inline(__always)
    static func tanh(_ x: Float) -> Float {
        // Near zero 1 − 2/(e^{2x}+1) cancels, so small |x| uses the odd Taylor series, whose
        // terms past x¹³ are below 1e-9 for |x| < 0.3.
        let x2 = x * x
        var p: Float = 21844.0 / 6_081_075
        p = p * x2 - 1382.0 / 155_925
        p = p * x2 + 62.0 / 2835
        p = p * x2 - 17.0 / 315
        p = p * x2 + 2.0 / 15
        p = p * x2 - 1.0 / 3
        let small = x + x * x2 * p
        let large = 1 - 2 / (exp(2 * x) + 1)
        return abs(x) < 0.3 ? small : large
    }

    static func applySigmoid(_ values: UnsafeMutablePointer<Float>, count: Int) {
        for index in 0..<count { values[index] = sigmoid(values[index]) }
    }

    static func applyTanh(_ values: UnsafeMutablePointer<Float>, count: Int) {
        for index in 0..<count { values[index] = tanh(values[index]) }
    }
}
