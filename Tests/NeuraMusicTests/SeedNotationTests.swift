import Testing
@testable import NeuraMusic

@Test func seedNotesAreAMelodyOfPitchAndBeats() throws {
    let score = try SeedNotation.score(parsing: "C4:1 E4:1 G4:2", stepsPerQuarter: 4)
    #expect(score.notes == [
        Note(pitch: 60, start: 0, length: 4), Note(pitch: 64, start: 4, length: 4), Note(pitch: 67, start: 8, length: 8),
    ])
    #expect(score.length == 16)
}

@Test func seedNotesTakeChordsRestsFractionsAndAccidentals() throws {
    let score = try SeedNotation.score(parsing: "C4+Eb4+G4:1 r:1/2 F#3:0.5 Bb5:1", stepsPerQuarter: 4)
    #expect(score.notes.map(\.pitch) == [60, 63, 67, 54, 82])
    #expect(score.notes.map(\.start) == [0, 0, 0, 6, 8])
    #expect(score.length == 12)
}

@Test func badSeedNotesAreRefusedWithTheWordAtFault() {
    #expect(throws: SeedNotationError.unreadable("C4")) { try SeedNotation.score(parsing: "C4", stepsPerQuarter: 4) }
    #expect(throws: SeedNotationError.badPitch("H4", in: "H4:1")) { try SeedNotation.score(parsing: "H4:1", stepsPerQuarter: 4) }
    #expect(throws: SeedNotationError.badLength("C4:0")) { try SeedNotation.score(parsing: "C4:0", stepsPerQuarter: 4) }
    #expect(throws: SeedNotationError.offGrid("C4:1/3", stepsPerQuarter: 4)) {
        try SeedNotation.score(parsing: "C4:1/3", stepsPerQuarter: 4)
    }
    #expect(throws: SeedNotationError.empty) { try SeedNotation.score(parsing: "  ", stepsPerQuarter: 4) }
    #expect(throws: SeedNotationError.badPitch("G10", in: "G10:1")) { try SeedNotation.score(parsing: "G10:1", stepsPerQuarter: 4) }
}

@Test func scalesParseFromTheirNames() throws {
    let dorian = try Scale(parsing: "D dorian")
    #expect((0..<12).filter { dorian.contains(pitch: 60 + $0) }.map { (60 + $0) % 12 } == [0, 2, 4, 5, 7, 9, 11])
    #expect(try Scale(parsing: "F# minor").contains(pitch: 66))
    #expect(try !Scale(parsing: "F# minor").contains(pitch: 65))
    #expect(try Scale(parsing: "Bb").description == "A# major")
    #expect(try Scale(parsing: "c harmonic minor").contains(pitch: 71))
    #expect(throws: ScaleError.self) { try Scale(parsing: "D doric") }
    #expect(throws: ScaleError.unreadable("")) { try Scale(parsing: "") }
    #expect(PitchName.name(of: 60) == "C4")
    #expect(PitchName.pitch(of: "A4") == 69)
    #expect(PitchName.pitch(of: "C-1") == 0)
}
