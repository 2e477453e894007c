/// A small, fast, seedable generator (Steele, Lea & Flood's SplitMix64). Every random choice in the
/// engine — initialisation, dropout, sampling — takes one of these (or any generator) explicitly,
/// so a seed reproduces a run exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The whole generator state; `SplitMix64(seed: state)` continues the same stream, which is
    /// how checkpoints resume exactly.
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// Substream `stream` of `seed`: streams of one seed are unrelated to each other. Seeding with
    /// `seed + stream·γ` would not do: the state steps by γ, so that would be one stream shifted
    /// by `stream` draws. Here the stream number goes through the output mix first.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: stream)
        state = seed ^ mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

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
