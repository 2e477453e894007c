import Testing
@testable import NeuraMusic

@Suite struct TokenDecoderTests {
    let config = EncodingConfig(lowestPitch: 60, highestPitch: 72, maxLength: 8, maxShift: 4, styles: ["folk", "chorale"])

    func ids(_ names: String...) -> [Int] {
        names.map { name in config.vocabulary.firstIndex(of: name)! }
    }

    func allowedNames(_ decoder: TokenDecoder) -> Set<String> {
        Set(decoder.allowedTokens().enumerated().filter(\.element).map { config.vocabulary[$0.offset] })
    }

    @Test func notesComeOutAsSoonAsTheirLengthArrives() throws {
        var decoder = TokenDecoder(config: config)
        var streamed: [Note?] = []
        for id in ids("BOS", "STYLE:folk", "P60", "L2", "T4", "T1", "P64", "L8", "T4", "T4", "EOS") {
            streamed.append(try decoder.feed(id))
        }
        #expect(streamed.compactMap { $0 } == [Note(pitch: 60, start: 0, length: 2), Note(pitch: 64, start: 5, length: 8)])
        #expect(streamed[3] != nil && streamed[7] != nil)
        let score = try decoder.finish(template: Score(tempo: 70))
        #expect(score.style == "folk" && score.tempo == 70 && score.length == 13)
    }

    @Test func theMaskFollowsTheGrammar() throws {
        var decoder = TokenDecoder(config: config)
        #expect(allowedNames(decoder) == ["BOS"])
        try decoder.feed(ids("BOS")[0])
        let opening = allowedNames(decoder)
        #expect(opening.contains("STYLE:folk") && opening.contains("EOS") && opening.contains("T3") && opening.contains("P72"))
        try decoder.feed(ids("STYLE:chorale")[0])
        #expect(!allowedNames(decoder).contains { $0.hasPrefix("STYLE") })
        try decoder.feed(ids("P64")[0])
        #expect(allowedNames(decoder) == Set((1...8).map { "L\($0)" }))
        try decoder.feed(ids("L2")[0])
        // Same step: only higher pitches; EOS waits until the clock passes the note's end.
        let afterNote = allowedNames(decoder)
        #expect(!afterNote.contains("P64") && !afterNote.contains("P60") && afterNote.contains("P65"))
        #expect(!afterNote.contains("EOS"))
        try decoder.feed(ids("T1")[0])
        // A shift shorter than the largest ends the run of shifts.
        let afterShortShift = allowedNames(decoder)
        #expect(!afterShortShift.contains { $0.hasPrefix("T") } && afterShortShift.contains("P60"))
        #expect(!afterShortShift.contains("EOS"))
        try decoder.feed(ids("P60")[0])
        try decoder.feed(ids("L1")[0])
        try decoder.feed(ids("T4")[0])
        #expect(allowedNames(decoder).contains("T4") && allowedNames(decoder).contains("EOS"))
        try decoder.feed(ids("EOS")[0])
        #expect(decoder.allowedTokens().allSatisfy { !$0 })
    }

    @Test func grammarViolationsAreTypedErrorsNamingThePosition() {
        func failure(_ tokens: [Int]) -> EncodingError? {
            do {
                _ = try config.decode(tokens)
                return nil
            } catch let error as EncodingError {
                return error
            } catch {
                return nil
            }
        }
        #expect(failure(ids("P60", "L1")) == .unexpectedToken(name: "P60", position: 0, expected: "BOS"))
        #expect(failure(ids("BOS", "P62", "L1", "P60", "L1", "T1", "EOS")).map { "\($0)" }?.contains("position 3") == true)
        #expect(failure(ids("BOS", "P60", "T1")) != nil)
        #expect(failure(ids("BOS", "T2", "T2", "EOS")) != nil)
        #expect(failure(ids("BOS", "P60", "L1", "STYLE:folk")) != nil)
        #expect(failure(ids("BOS", "EOS", "EOS")) == .tokenAfterEnd(position: 2))
        #expect(failure(ids("BOS", "P60", "L1")) == .incomplete(position: 3, expected: "a pitch above the last one at this step, a shift (to step 1 before EOS)"))
        #expect(failure([0, config.vocabularySize]) == .tokenOutOfVocabulary(id: config.vocabularySize, position: 1, vocabularySize: config.vocabularySize))
        #expect(failure([0, -5]) != nil)
        #expect(failure([]) == .incomplete(position: 0, expected: "BOS"))
    }

    @Test func aPrefixPrimesTheDecoderToContinueAfterTheScore() throws {
        let seed = Score(notes: [Note(pitch: 60, start: 0, length: 2), Note(pitch: 64, start: 0, length: 6)], length: 8)
        let prefix = try config.encodePrefix(seed)
        #expect(prefix + [EncodingConfig.eos] == (try config.encode(seed)))
        var decoder = TokenDecoder(config: config)
        for token in prefix { try decoder.feed(token) }
        #expect(decoder.clock == 8 && decoder.notes == seed.notes && !decoder.isFinished)
        let continued = try decoder.feed(ids("P67")[0]) ?? decoder.feed(ids("L1")[0])
        #expect(continued == Note(pitch: 67, start: 8, length: 1))
    }

    @Test func invalidConfigsGiveErrorsNotCrashes() {
        let broken = [
            EncodingConfig(lowestPitch: 70, highestPitch: 60), EncodingConfig(maxLength: 0), EncodingConfig(maxShift: -3),
            EncodingConfig(velocityBins: -1), EncodingConfig(stepsPerQuarter: 0), EncodingConfig(styles: ["a", "a"]),
        ]
        for config in broken {
            _ = config.vocabulary
            var decoder = TokenDecoder(config: config)
            #expect(throws: EncodingError.self) { try decoder.feed(0) }
            #expect(decoder.allowedTokens().allSatisfy { !$0 })
            #expect(throws: EncodingError.self) { try config.decode([0, 1]) }
            #expect(throws: EncodingError.self) { try config.encode(Score()) }
        }
    }

    @Test func aRejectedTokenLeavesTheDecoderAsItWas() throws {
        var decoder = TokenDecoder(config: config)
        for id in ids("BOS", "P62", "L1") { try decoder.feed(id) }
        let before = decoder.score()
        #expect(throws: EncodingError.self) { try decoder.feed(ids("P61")[0]) }
        #expect(decoder.score() == before && decoder.position == 3)
        try decoder.feed(ids("P63")[0])
    }
}
