import Testing
@testable import NeuraMusic

@Test func scoreKeepsNotesInTimeThenPitchOrder() {
    let score = Score(notes: [Note(pitch: 64, start: 4, length: 2), Note(pitch: 60, start: 4, length: 2), Note(pitch: 67, start: 0, length: 1)])
    #expect(score.notes.map(\.pitch) == [67, 60, 64])
    #expect(score.length == 6)
}
