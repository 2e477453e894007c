/// A small, fast, seedable generator (Steele, Lea & Flood's SplitMix64). Every random choice in
/// NeuraScore takes one of these (or any generator) explicitly, so a seed reproduces a run
/// exactly: the engine's initialisation, dropout and sampling, the trainer's windows and
/// validation split, and the test and benchmark data. Scripts/neurascore_torch.py has the same
/// generator, so PyTorch draws the same batches.
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
