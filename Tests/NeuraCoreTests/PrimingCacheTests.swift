import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraCore

/// The composer primes through a `PrimingCache`; it must change how much is run, never what is sampled.
struct PrimingCacheTests {
    @Test func theCacheSamplesWhatPrimingFromScratchSamples() throws {
        let model = try TestModels.randomModel()
        let plain = ScoreGenerator(model: model)
        let cached = ScoreGenerator(primingCache: PrimingCache(model: model, interval: 4))
        var controls = GenerationControls()
        controls.variations = 2
        var edited = TestModels.seed
        edited.notes.append(Note(pitch: 67, start: 14, length: 2))
        var changedEarly = TestModels.seed
        changedEarly.notes[0].pitch += 2
        for (name, seed) in [("seed", TestModels.seed), ("same seed", TestModels.seed), ("note added", edited),
                             ("first note changed", changedEarly), ("seed again", TestModels.seed)] {
            for rngSeed: UInt64 in [1, 2] {
                controls.rngSeed = rngSeed
                let job = GenerationJob.continuation(of: seed, bars: 1, controls: controls)
                let expected = try plain.generate(job)
                let got = try cached.generate(job)
                #expect(got.variations.map(\.tokens) == expected.variations.map(\.tokens), "\(name), rng \(rngSeed)")
            }
        }
    }

    @Test func onlyTheTokensAfterTheLastKeptStateBeforeAChangeAreRun() throws {
        let model = try TestModels.randomModel()
        let cache = PrimingCache(model: model, interval: 8)
        let prefix = (0..<50).map { [0, 5, 9, 12, 3][$0 % 5] }
        var reference = InferenceSession(parameters: model.parameters, precision: .float16)
        let first = try cache.session(primedOn: prefix)
        #expect(first.ranTokens == 50)
        #expect(first.logits == (try reference.prime(prefixes: [prefix])[0]))

        let again = try cache.session(primedOn: prefix)
        #expect(again.ranTokens == 0)
        #expect(again.logits == first.logits)

        // Going on from the last prefix runs only the new tokens.
        let extended = prefix + [3, 3, 3]
        let longer = try cache.session(primedOn: extended)
        #expect(longer.ranTokens == 3)
        #expect(longer.logits == (try reference.prime(prefixes: [extended])[0]))

        // A change at token 30 keeps the states after 8, 16 and 24 tokens.
        var edited = prefix
        edited[30] = 7
        edited += [1, 2]
        let afterEdit = try cache.session(primedOn: edited)
        #expect(afterEdit.ranTokens == edited.count - 24)
        #expect(afterEdit.logits == (try reference.prime(prefixes: [edited])[0]))

        // A shorter prefix that ends on a kept state still runs its last piece, to get logits.
        let shorter = Array(edited.prefix(16))
        let short = try cache.session(primedOn: shorter)
        #expect(short.ranTokens == 8)
        #expect(short.logits == (try reference.prime(prefixes: [shorter])[0]))

        // The session it hands out goes on like a fresh one.
        var session = short.session
        var fresh = InferenceSession(parameters: model.parameters, precision: .float16)
        _ = try fresh.prime(prefixes: [shorter])
        #expect(try session.step(tokens: [4]) == fresh.step(tokens: [4]))
        #expect(throws: LSTMError.self) { try cache.session(primedOn: []) }
    }
}
