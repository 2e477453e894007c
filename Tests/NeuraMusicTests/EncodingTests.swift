import Foundation
import Testing
@testable import NeuraMusic

@Suite struct EncodingTests {
    let small = EncodingConfig(stepsPerQuarter: 4, lowestPitch: 60, highestPitch: 62, maxLength: 2, maxShift: 3, velocityBins: 2, styles: ["folk"])

    @Test func vocabularyFollowsTheDocumentedOrder() {
        #expect(small.vocabulary == ["BOS", "EOS", "STYLE:folk", "P60", "P61", "P62", "L1", "L2", "T1", "T2", "T3", "V0", "V1"])
        let standard = EncodingConfig()
        #expect(standard.maxLength == 64 && standard.maxShift == 16)
        #expect(standard.vocabularySize == 2 + 88 + 64 + 16)
        for id in 0..<standard.vocabularySize {
            #expect(standard.id(for: standard.token(for: id)!) == id)
        }
        #expect(standard.token(for: standard.vocabularySize) == nil)
        #expect(standard.token(for: -1) == nil)
    }

    @Test func aPieceIsShiftsThenRisingNotesPerStepLargestShiftFirst() throws {
        let config = EncodingConfig()
        let score = Score(notes: [
            Note(pitch: 64, start: 0, length: 4), Note(pitch: 60, start: 0, length: 2), Note(pitch: 67, start: 20, length: 1),
        ], length: 24, style: "chorale")
        let names = try config.encode(score).map { config.vocabulary[$0] }
        #expect(names == ["BOS", "P60", "L2", "P64", "L4", "T16", "T4", "P67", "L1", "T4", "EOS"])
        let styled = EncodingConfig(styles: ["chorale"])
        #expect(try styled.encode(score).prefix(2).map { styled.vocabulary[$0] } == ["BOS", "STYLE:chorale"])
        #expect(try styled.decode(styled.encode(score)) == score)
    }

    @Test func anEmptyScoreIsJustItsLength() throws {
        let config = EncodingConfig(maxShift: 4)
        #expect(try config.encode(Score(length: 9)).map { config.vocabulary[$0] } == ["BOS", "T4", "T4", "T1", "EOS"])
        #expect(try config.decode(config.encode(Score(length: 9))) == Score(length: 9))
        #expect(try config.decode(config.encode(Score())) == Score())
    }

    @Test func velocityBinsDecodeToTheirMiddleAndRoundTrip() throws {
        for bins in 1...64 {
            let config = EncodingConfig(velocityBins: bins)
            for bin in 0..<bins {
                let velocity = config.velocity(forBin: bin)
                #expect((1...127).contains(velocity))
                #expect(config.velocityBin(for: velocity) == bin, "bins \(bins) bin \(bin)")
            }
            #expect(config.velocityBin(for: 1) == 0 && config.velocityBin(for: 127) == bins - 1)
        }
        let config = EncodingConfig(velocityBins: 8)
        let loud = Note(pitch: 60, start: 0, length: 1, velocity: config.velocity(forBin: 7))
        #expect(try config.decode(config.encode(Score(notes: [loud]))).notes == [loud])
    }

    @Test func configJSONCarriesTheVocabularyAndRejectsOneThatDisagrees() throws {
        let data = try JSONEncoder().encode(small)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(object["vocabulary"] as? [String] == small.vocabulary)
        #expect(try JSONDecoder().decode(EncodingConfig.self, from: data) == small)

        var tampered = object
        tampered["highestPitch"] = 63
        let bad = try JSONSerialization.data(withJSONObject: tampered)
        #expect(throws: EncodingError.vocabularyMismatch(stored: 13, implied: 14, firstDifference: 6)) {
            try JSONDecoder().decode(EncodingConfig.self, from: bad)
        }
        var invalid = object
        invalid["maxShift"] = 0
        #expect(throws: EncodingError.self) {
            try JSONDecoder().decode(EncodingConfig.self, from: JSONSerialization.data(withJSONObject: invalid))
        }
    }

    @Test func configStringsRoundTripAndNameTheProblem() throws {
        let text = try small.jsonString()
        #expect(text.hasPrefix("{\"highestPitch\":62,\"lowestPitch\":60,\"maxLength\":2"))
        #expect(try EncodingConfig(jsonString: text) == small)
        #expect(throws: EncodingError.self) { try EncodingConfig(jsonString: "{\"stepsPerQuarter\": 4}") }
        #expect(throws: EncodingError.self) { try EncodingConfig(jsonString: "not json") }
    }

    @Test func scoresOutsideTheRangesAreRefusedWithTypedErrors() {
        let config = EncodingConfig(lowestPitch: 60, highestPitch: 72, maxLength: 4)
        func refuses(_ notes: [Note], drums: [Note] = [], spq: Int = 4) -> Bool {
            do {
                _ = try config.encode(Score(stepsPerQuarter: spq, notes: notes, drums: drums))
                return false
            } catch is EncodingError {
                return true
            } catch {
                return false
            }
        }
        #expect(refuses([Note(pitch: 59, start: 0, length: 1)]))
        #expect(refuses([Note(pitch: 60, start: 0, length: 5)]))
        #expect(refuses([Note(pitch: 60, start: 0, length: 1, part: 1)]))
        #expect(refuses([Note(pitch: 60, start: 0, length: 1, velocity: 91)]))
        #expect(refuses([Note(pitch: 60, start: 0, length: 1), Note(pitch: 60, start: 0, length: 2)]))
        #expect(refuses([Note(pitch: 60, start: -1, length: 1)]))
        #expect(refuses([], drums: [Note(pitch: 36, start: 0, length: 1)]))
        #expect(refuses([], spq: 2))
        #expect(!refuses([Note(pitch: 72, start: 0, length: 4)]))
    }

    @Test func fittingDropsClampsAndMergesWithAReport() throws {
        let config = EncodingConfig(lowestPitch: 60, highestPitch: 72, maxLength: 4, styles: ["folk"])
        let score = Score(notes: [
            Note(pitch: 40, start: 0, length: 1), Note(pitch: 60, start: 0, length: 8, velocity: 30),
            Note(pitch: 64, start: 2, length: 1, part: 1), Note(pitch: 64, start: 2, length: 3, part: 2),
        ], drums: [Note(pitch: 36, start: 0, length: 1)], length: 10, style: "jazz")
        let (fitted, report) = try score.fitted(to: config, source: "f.mid")
        #expect(fitted.notes == [Note(pitch: 60, start: 0, length: 4), Note(pitch: 64, start: 2, length: 3)])
        #expect(fitted.drums.isEmpty && fitted.style == nil && fitted.length == 10)
        #expect(report.total(.pitchOutOfRange) == 1)
        #expect(report.total(.notesShortened) == 1)
        #expect(report.total(.velocitiesChanged) == 1)
        #expect(report.total(.duplicatesMerged) == 1)
        #expect(report.total(.drumsDropped) == 1)
        #expect(report.total(.styleDropped) == 1)
        #expect(report.sources(with: .partsMerged) == ["f.mid"])
        #expect(try config.decode(config.encode(fitted)) == fitted)
        #expect(throws: EncodingError.gridMismatch(score: 2, encoding: 4)) {
            try Score(stepsPerQuarter: 2).fitted(to: config, source: "g.mid")
        }
    }

    @Test func tokenTranspositionRefusesToLeaveTheRange() throws {
        let config = EncodingConfig(lowestPitch: 60, highestPitch: 72)
        let tokens = try config.encode(Score(notes: [Note(pitch: 60, start: 0, length: 1), Note(pitch: 70, start: 0, length: 1)]))
        #expect(try config.transposeTokens(tokens, by: 2) == config.encode(Score(notes: [Note(pitch: 62, start: 0, length: 1), Note(pitch: 72, start: 0, length: 1)])))
        #expect(throws: EncodingError.transpositionOutOfRange(pitch: 70, semitones: 3, range: 60...72)) {
            try config.transposeTokens(tokens, by: 3)
        }
        let score = try config.decode(tokens)
        #expect(config.transpositions(keeping: score, within: -3...3) == [0, 1, 2])
    }
}
