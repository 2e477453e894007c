import Foundation
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

@Test func aScoreDecodesAsItWasSavedPartsIncluded() throws {
    var edited = Score(parts: [])
    edited.notes = [Note(pitch: 60, start: 0, length: 4, part: 1)]  // an edit that names no part
    edited.length = 4
    let saved = try JSONEncoder().encode(edited)
    #expect(try JSONDecoder().decode(Score.self, from: saved) == edited)

    // A session from before parts has no "parts" key: its notes are in unnamed parts.
    let old = #"{"stepsPerQuarter":4,"tempo":120,"timeSignature":{"numerator":4,"denominator":4},"keySignature":{"sharps":0,"isMinor":false},"notes":[{"pitch":60,"start":0,"length":4,"velocity":90,"part":1}],"drums":[],"length":4}"#
    #expect(try JSONDecoder().decode(Score.self, from: Data(old.utf8)).part(1) == Part.unnamed(1))
}
