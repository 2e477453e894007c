import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraCore

/// Task NLLs count the notes the model must write and nothing it is given.
@Suite struct TaskEvaluationTests {
    static let chorale = Score(
        notes: (0..<4).flatMap { voice in
            (0..<16).map { Note(pitch: [72, 67, 60, 48][voice] + ($0 % 3), start: 4 * $0, length: 4, part: voice) }
        },
        parts: TestModels.satb.map { Part(name: $0.name) })

    @Test(arguments: [0, 8])
    func harmonisationCountsTheOtherVoicesNotesOnly(anticipation: Int) throws {
        let encoding = TestModels.partsEncoding(anticipation: anticipation)
        let writing = try #require(try TaskEvaluation.writing(
            of: Self.chorale, task: .harmonization(keep: ["S"]), encoding: encoding))
        #expect(writing.notes == 48)
        // Each written note is a pitch and a length; the soprano's tokens never count.
        var decoder = TokenDecoder(config: encoding)
        var countedPitches: [Int] = []
        for (token, counted) in zip(writing.tokens, writing.counted) {
            if counted, case .pitch(_, let part)? = encoding.token(for: token), !decoder.isWritingControl { countedPitches.append(part) }
            try decoder.feed(token)
        }
        #expect(countedPitches.count == 48 && !countedPitches.contains(0))
        let model = try TestModels.randomPartsModel(anticipation: anticipation)
        let result = try TaskEvaluation.evaluate(model: model, scores: [Self.chorale], task: .harmonization(keep: ["soprano"]))
        #expect(result.noteCount == 48 && result.totalNLL > 0)
    }

    @Test func infillCountsTheGapAndOnlyTheGap() throws {
        let encoding = TestModels.partsEncoding(anticipation: 8)
        for bothSides in [true, false] {
            let writing = try #require(try TaskEvaluation.writing(
                of: Self.chorale, task: .infill(bars: 1, bothSides: bothSides), encoding: encoding))
            // 4 bars: the gap is bar 2 (steps 16..<32), 4 notes in each of 4 voices.
            #expect(writing.notes == 16)
            var decoder = TokenDecoder(config: encoding)
            for (token, counted) in zip(writing.tokens, writing.counted) {
                if counted { #expect((16..<32).contains(decoder.clock)) }
                try decoder.feed(token)
            }
            #expect(writing.counted.filter { $0 }.count >= 32)
        }
        #expect(throws: GenerationError.self) {
            try TaskEvaluation.writing(of: Self.chorale, task: .infill(bars: 1, bothSides: true),
                                       encoding: TestModels.partsEncoding(anticipation: 0))
        }
    }
}
