import Testing
@testable import NeuraMusic

@Suite struct ScoreOperationsTests {
    let score = Score(notes: [
        Note(pitch: 60, start: 0, length: 4), Note(pitch: 64, start: 2, length: 2), Note(pitch: 67, start: 6, length: 4),
    ], drums: [Note(pitch: 42, start: 0, length: 1)], length: 16)

    @Test func transposeMovesPitchedNotesOnlyAndRefusesToLeaveMIDI() throws {
        let up = try score.transposed(by: 5)
        #expect(up.notes.map(\.pitch) == [65, 69, 72])
        #expect(up.drums == score.drums)
        #expect(try up.transposed(by: -5) == score)
        #expect(throws: ScoreError.pitchOutOfRange(pitch: 67, transposition: 61)) { try score.transposed(by: 61) }
    }

    @Test func queriesFindNotesSoundingInARangeOrAtAStep() {
        #expect(score.notes(in: 4..<6).isEmpty)
        #expect(score.notes(in: 3..<7).map(\.pitch) == [60, 64, 67])
        #expect(score.notes(at: 3, pitch: 60).map(\.start) == [0])
        #expect(score.notes(at: 4, pitch: 60).isEmpty)
        #expect(score.pitchRange == 60...67)
    }

    @Test func cutKeepsNotesStartingInsideAndClipsThem() throws {
        let middle = try score.cut(to: 2..<8)
        #expect(middle.notes == [Note(pitch: 64, start: 0, length: 2), Note(pitch: 67, start: 4, length: 2)])
        #expect(middle.drums.isEmpty)
        #expect(middle.length == 6)
        #expect(throws: ScoreError.self) { try score.cut(to: -1..<3) }
    }

    @Test func mergeLaysNotesOverAtAnOffsetKeepingTheLongerOfACollision() {
        let other = Score(notes: [Note(pitch: 67, start: 0, length: 8), Note(pitch: 72, start: 2, length: 1)], length: 4)
        let merged = score.merged(with: other, at: 6)
        #expect(merged.notes.map { [$0.pitch, $0.start, $0.length] } == [[60, 0, 4], [64, 2, 2], [67, 6, 8], [72, 8, 1]])
        #expect(merged.length == 16)
        #expect(score.merged(with: other, at: 20).length == 28)
    }

    @Test func insertReplacesTheNoteAtTheSamePitchAndStartAndRemoveKeepsLength() {
        let inserted = score.inserting(Note(pitch: 64, start: 2, length: 6)).inserting(Note(pitch: 50, start: 20, length: 2))
        #expect(inserted.notes.map { [$0.pitch, $0.start, $0.length] } == [[60, 0, 4], [64, 2, 6], [67, 6, 4], [50, 20, 2]])
        #expect(inserted.length == 22)
        let removed = score.removingNotes { $0.pitch == 67 }
        #expect(removed.notes.count == 2)
        #expect(removed.length == 16)
    }
}

@Suite struct SelectionOperationsTests {
    let score = Score(notes: [
        Note(pitch: 60, start: 0, length: 4), Note(pitch: 62, start: 4, length: 2), Note(pitch: 64, start: 4, length: 1),
        Note(pitch: 65, start: 8, length: 1),
    ])

    @Test func transposingASelectionMovesOnlyNotesStartingInIt() throws {
        let moved = try score.transposed(by: 2, in: 4..<8)
        #expect(moved.notes.map { [$0.pitch, $0.start, $0.length] } == [[60, 0, 4], [64, 4, 2], [66, 4, 1], [65, 8, 1]])
        #expect(throws: ScoreError.self) { try score.transposed(by: 100, in: 8..<9) }
        #expect(try score.transposed(by: 100, in: 20..<30) == score)
    }

    @Test func removingASelectionKeepsTheRest() {
        #expect(score.removingNotes(in: 0..<5).notes.map(\.pitch) == [65])
        #expect(score.removingNotes(in: 0..<5).length == score.length)
    }
}
