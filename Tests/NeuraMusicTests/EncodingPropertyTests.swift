import Testing
@testable import NeuraMusic

/// Randomised checks with a fixed seed: every failure reproduces.
@Suite struct EncodingPropertyTests {
    static let configs = [
        EncodingConfig(),
        EncodingConfig(stepsPerQuarter: 1, lowestPitch: 40, highestPitch: 90, maxLength: 8, maxShift: 3),
        EncodingConfig(stepsPerQuarter: 3, lowestPitch: 30, highestPitch: 50, maxLength: 5, maxShift: 7, velocityBins: 5, styles: ["a", "b"]),
    ]

    static func randomScore(_ config: EncodingConfig, _ rng: inout SplitMix64) -> Score {
        var notes: [Int: Note] = [:]
        let span = Int.random(in: 1...80, using: &rng)
        for _ in 0..<Int.random(in: 0...40, using: &rng) {
            let velocity = config.encodedVelocity(Int.random(in: 1...127, using: &rng))
            let note = Note(
                pitch: Int.random(in: config.pitchRange, using: &rng), start: Int.random(in: 0..<span, using: &rng),
                length: Int.random(in: 1...config.maxLength, using: &rng), velocity: velocity)
            notes[note.start << 7 | note.pitch] = note
        }
        let style = config.styles.isEmpty || Bool.random(using: &rng) ? nil : config.styles.randomElement(using: &rng)
        return Score(stepsPerQuarter: config.stepsPerQuarter, notes: Array(notes.values),
                     length: Int.random(in: 0...(span + 20), using: &rng), style: style)
    }

    @Test(arguments: configs.indices)
    func randomScoresRoundTrip(configIndex: Int) throws {
        let config = Self.configs[configIndex]
        var rng = SplitMix64(seed: 0x5EED + UInt64(configIndex))
        for _ in 0..<150 {
            let score = Self.randomScore(config, &rng)
            let tokens = try config.encode(score)
            #expect(try config.decode(tokens) == score)
            var decoder = TokenDecoder(config: config)
            for token in tokens {
                #expect(decoder.isAllowed(token), "the grammar must accept what encode writes")
                try decoder.feed(token)
            }
        }
    }

    @Test(arguments: configs.indices)
    func transpositionCommutesWithEncoding(configIndex: Int) throws {
        let config = Self.configs[configIndex]
        var rng = SplitMix64(seed: 0x7A + UInt64(configIndex))
        for _ in 0..<100 {
            let score = Self.randomScore(config, &rng)
            for semitones in config.transpositions(keeping: score, within: -6...6) {
                #expect(try config.encode(score.transposed(by: semitones)) == config.transposeTokens(config.encode(score), by: semitones))
            }
        }
    }

    @Test(arguments: configs.indices)
    func randomTokenSequencesNeverCrashTheDecoder(configIndex: Int) {
        let config = Self.configs[configIndex]
        var rng = SplitMix64(seed: 0xBAD + UInt64(configIndex))
        var decoded = 0
        for _ in 0..<2_000 {
            var tokens = [0]
            // Mostly in-vocabulary ids, with a few out-of-range ones.
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                tokens.append(Int.random(in: -2...(config.vocabularySize + 1), using: &rng))
            }
            tokens.append(EncodingConfig.eos)
            if let score = try? config.decode(tokens) {
                decoded += 1
                #expect(score.notes.allSatisfy { config.pitchRange.contains($0.pitch) && $0.length >= 1 })
            }
        }
        #expect(decoded > 0)
    }

    /// Sampling only what the mask allows always yields a score, and the tokens are exactly
    /// what encoding that score gives: the grammar and the encoder describe the same language.
    @Test(arguments: configs.indices)
    func maskedRandomSamplingIsAlwaysCanonical(configIndex: Int) throws {
        let config = Self.configs[configIndex]
        var rng = SplitMix64(seed: 0xC0DE + UInt64(configIndex))
        for _ in 0..<100 {
            var decoder = TokenDecoder(config: config)
            var tokens: [Int] = []
            while !decoder.isFinished {
                let allowed = decoder.allowedTokens().enumerated().filter(\.element).map(\.offset)
                try #require(!allowed.isEmpty, "the mask must never leave the sampler without a choice")
                var choice = allowed.randomElement(using: &rng)!
                if tokens.count > 60 {
                    // Steer toward the end: EOS if allowed, else the largest shift, else anything.
                    let shift = config.id(for: .shift(config.maxShift))!
                    choice = allowed.contains(EncodingConfig.eos) ? EncodingConfig.eos : allowed.contains(shift) ? shift : allowed[0]
                }
                tokens.append(choice)
                try decoder.feed(choice)
            }
            let score = try decoder.finish()
            #expect(try config.encode(score) == tokens)
        }
    }
}
