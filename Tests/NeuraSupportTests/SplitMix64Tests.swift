import Testing
import NeuraSupport

struct SplitMix64Tests {
    private func draws(_ rng: SplitMix64, _ count: Int) -> [UInt64] {
        var rng = rng
        return (0..<count).map { _ in rng.next() }
    }

    /// Seeding at seed + k·γ gives stream k = stream 0 shifted by k draws; substreams must not.
    @Test func substreamsOfOneSeedShareNoDraws() {
        let naive = (0..<2).map { draws(SplitMix64(seed: 5 &+ 0x9E37_79B9_7F4A_7C15 &* UInt64($0)), 100) }
        #expect(Array(naive[0].dropFirst()) == Array(naive[1].prefix(99)), "the pitfall this guards against")

        let streams = (0..<50).map { draws(SplitMix64(seed: 5, stream: UInt64($0)), 100) }
        #expect(Set(streams.flatMap { $0 }).count == 50 * 100)
        #expect(draws(SplitMix64(seed: 5, stream: 3), 100) == streams[3], "a substream is reproducible")
        #expect(draws(SplitMix64(seed: 6, stream: 3), 100) != streams[3], "and depends on the seed")
    }

    /// The PyTorch trainer (Scripts/neurascore_torch.py) draws the same batches from these values.
    @Test func substreamStatesAreFixed() {
        #expect(SplitMix64(seed: 0, stream: 0).state == 0xE220_A839_7B1D_CDAF)
        #expect(SplitMix64(seed: 1, stream: 7).state == (1 ^ 0x63CB_E1E4_5932_0DD7))
    }
}
