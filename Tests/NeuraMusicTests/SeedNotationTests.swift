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

@Test func seedPartsFollowEachOnItsOwnClock() throws {
    let score = try SeedNotation.score(parsing: "S: C5:1 D5:1; A: G4:2; T: E4:2; B: C3:1 r:1 C3:1", stepsPerQuarter: 4)
    #expect(score.parts == ["S", "A", "T", "B"].map { Part(name: $0) })
    #expect(score.notes(inPart: 0).map { [$0.pitch, $0.start, $0.length] } == [[72, 0, 4], [74, 4, 4]])
    #expect(score.notes(inPart: 1).map { [$0.pitch, $0.start, $0.length] } == [[67, 0, 8]])
    #expect(score.notes(inPart: 2).map { [$0.pitch, $0.start, $0.length] } == [[64, 0, 8]])
    #expect(score.notes(inPart: 3).map { [$0.pitch, $0.start, $0.length] } == [[48, 0, 4], [48, 8, 4]])
    #expect(score.length == 12)
    // One named part, and unnamed text as it always was: one part, no names.
    #expect(try SeedNotation.score(parsing: "Melody: C4:1 E4:1", stepsPerQuarter: 4).parts == [Part(name: "Melody")])
    let unnamed = try SeedNotation.score(parsing: "C4:1 E4:1", stepsPerQuarter: 4)
    #expect(unnamed.notes.allSatisfy { $0.part == 0 } && unnamed.part(0) == Part.unnamed(0))
    // Two parts may sound the same pitch at once.
    #expect(try SeedNotation.score(parsing: "S: C4:1; A: C4:1", stepsPerQuarter: 4).notes.map(\.part) == [0, 1])
}

@Test func malformedSeedPartsAreRefusedSayingWhy() {
    func error(_ text: String) -> String? {
        do { _ = try SeedNotation.score(parsing: text, stepsPerQuarter: 4); return nil } catch { return "\(error)" }
    }
    #expect(throws: SeedNotationError.emptyPartName(": C4:1")) { try SeedNotation.score(parsing: "S: C5:1; : C4:1", stepsPerQuarter: 4) }
    #expect(throws: SeedNotationError.duplicatePart("s", earlier: "S")) {
        try SeedNotation.score(parsing: "S: C5:1; A: G4:1; s: D5:1", stepsPerQuarter: 4)
    }
    #expect(throws: SeedNotationError.emptyPart(position: 2, name: nil)) { try SeedNotation.score(parsing: "S: C5:1;", stepsPerQuarter: 4) }
    #expect(throws: SeedNotationError.emptyPart(position: 1, name: "S")) { try SeedNotation.score(parsing: "S: ; A: C4:1", stepsPerQuarter: 4) }
    #expect(throws: SeedNotationError.missingPartName("C5:1")) { try SeedNotation.score(parsing: "C5:1; C4:1", stepsPerQuarter: 4) }
    #expect(throws: SeedNotationError.missingPartName("G4:2")) { try SeedNotation.score(parsing: "S: C5:1; G4:2", stepsPerQuarter: 4) }
    #expect(throws: SeedNotationError.badPitch("H4", in: "H4:1")) { try SeedNotation.score(parsing: "S: C5:1; A: H4:1", stepsPerQuarter: 4) }
    #expect(error("S: C5:1;")?.contains("a ; with no notes") == true)
    #expect(error("S: C5:1; A: G4:1; s: D5:1")?.contains("given twice") == true)
    #expect(error("C5:1; C4:1")?.contains("each opens with NAME:") == true)
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
