/// Draws for the engine on top of any generator, usually NeuraSupport's `SplitMix64`.
extension RandomNumberGenerator {
    /// Uniform in [0, 1) with 24 random bits; defined here rather than via `Float.random(in:)`
    /// so the stream of values stays fixed across Swift versions.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Standard normal draw (Box–Muller, one value per call for simplicity).
    public mutating func nextStandardNormal() -> Float {
        // 1 - u keeps the logarithm's argument in (0, 1].
        let u1 = 1.0 - nextUnitDouble()
        let u2 = nextUnitDouble()
        return Float((-2.0 * Elementary.log(u1)).squareRoot() * Elementary.cos(2.0 * Double.pi * u2))
    }
}
