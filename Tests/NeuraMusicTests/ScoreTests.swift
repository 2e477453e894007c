import Testing
@testable import NeuraMusic

@Test func scoreKeepsNotesInTimeThenPitchOrder() {
    let score = Score(notes: [Note(pitch: 64, start: 4, length: 2), Note(pitch: 60, start: 4, length: 2), Note(pitch: 67, start: 0, length: 1)])
    #expect(score.notes.map(\.pitch) == [67, 60, 64])
    #expect(score.length == 6)
}

@Test func stepsPerBarFollowsTheMeterAndSurvivesADamagedOne() {
    #expect(Score(timeSignature: TimeSignature(3, 4)).stepsPerBar == 12)
    #expect(Score(stepsPerQuarter: 2, timeSignature: TimeSignature(6, 8)).stepsPerBar == 6)
    #expect(Score(timeSignature: TimeSignature(4, 0)).stepsPerBar >= 1)
    #expect(Score(timeSignature: TimeSignature(0, 4)).stepsPerBar == 1)
}
