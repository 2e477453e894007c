import NeuraMetrics
import NeuraMusic
import Testing

@Suite struct VoiceLeadingTests {
    static let satb = ["Soprano", "Alto", "Tenor", "Bass"].map { Part(name: $0) }

    /// Chords of four voices (soprano first), one per quarter note (4 steps); nil is a rest.
    static func score(_ chords: [[Int?]], parts: [Part] = satb) -> Score {
        var notes: [Note] = []
        for (index, chord) in chords.enumerated() {
            for (part, pitch) in chord.enumerated() {
                guard let pitch else { continue }
                notes.append(Note(pitch: pitch, start: index * 4, length: 4, part: part))
            }
        }
        return Score(notes: notes, parts: parts)
    }

    @Test func voicesComeFromPartNamesInAnyOrder() {
        let parts = [Part(name: "B"), Part(name: "tenor"), Part(name: " ALTO "), Part(name: "S")]
        let voices = Voices(of: Self.score([[48, 55, 64, 72]], parts: parts))
        #expect(voices.identification == .partNames)
        #expect(voices.voices.map(\.part) == [3, 2, 1, 0])
        #expect(voices.voices.map(\.role) == [.soprano, .alto, .tenor, .bass])
    }

    @Test func otherwiseFromRegisterWithRolesForFourParts() {
        let unnamed = (0..<4).map(Part.unnamed)
        let voices = Voices(of: Self.score([[48, 72, 55, 64]], parts: unnamed))
        #expect(voices.identification == .registerOrder)
        #expect(voices.voices.map(\.part) == [1, 3, 2, 0])
        #expect(voices.voices.map(\.role) == [.soprano, .alto, .tenor, .bass])

        let trio = Voices(of: Self.score([[72, 64, 48]], parts: unnamed))
        #expect(trio.voices.map(\.role) == [nil, nil, nil])
    }

    @Test func parallelFifthsAndOctavesInSimilarMotion() {
        // Soprano and bass: G4/C3 to A4/D3 (compound fifths, both up); then C5/C3 to D5/D3
        // (octaves, both up). Alto and tenor hold.
        let fifths = VoiceLeading.analyse(Self.score([[67, 64, 60, 48], [69, 64, 60, 50]]))
        #expect(fifths.parallelFifths == 1)
        #expect(fifths.parallelOctaves == 0)
        #expect(fifths.chordChanges == 1)
        #expect(fifths.parallelFifthsPer100ChordChanges == 100)

        let octaves = VoiceLeading.analyse(Self.score([[72, 67, 64, 48], [74, 67, 64, 50]]))
        #expect(octaves.parallelOctaves == 1)
        #expect(octaves.parallelFifths == 0)
        // Tenor and bass from G3/C3 to A3/D3, as well as the outer voices in octaves.
        let both = VoiceLeading.analyse(Self.score([[72, 64, 55, 48], [74, 65, 57, 50]]))
        #expect(both.parallelOctaves == 1)
        #expect(both.parallelFifths == 1)
    }

    @Test func contraryAndObliqueFifthsAreNotParallel() {
        // G4/C3 to C5/F2: fifth to fifth in contrary motion. Then the soprano alone moves.
        let report = VoiceLeading.analyse(Self.score([[67, 64, 60, 48], [72, 65, 60, 41], [74, 65, 60, 41]]))
        #expect(report.parallelFifths == 0)
        #expect(report.parallelOctaves == 0)
        #expect(report.chordChanges == 2)
    }

    @Test func aRepeatedChordIsNoChange() {
        let report = VoiceLeading.analyse(Self.score([[67, 64, 60, 48], [67, 64, 60, 48], [69, 65, 60, 50]]))
        #expect(report.chordCount == 3)
        #expect(report.chordChanges == 1)
    }

    @Test func crossingsCountEveryPairOutOfOrder() {
        // The alto above the soprano in the second chord; the tenor below the bass in the third.
        let report = VoiceLeading.analyse(Self.score([[67, 64, 60, 48], [64, 67, 60, 48], [67, 64, 45, 48]]))
        #expect(report.voiceCrossings == 2)
        #expect(abs((report.voiceCrossingsPer100Chords ?? 0) - 200.0 / 3) < 1e-12)
    }

    @Test func notesOutsideTheirVoicesRange() {
        // A soprano C6 (above G5) and a bass D2 (below E2).
        let report = VoiceLeading.analyse(Self.score([[67, 64, 60, 48], [84, 64, 60, 38]]))
        #expect(report.outOfRangeNotes == [.soprano: 1, .bass: 1])
        #expect(report.notesInVoicesWithRoles == 8)
        #expect(report.outOfRangeShare == 0.25)
    }

    @Test func oneVoiceHasNoPartWriting() {
        let melody = Score(notes: [Note(pitch: 60, start: 0, length: 4), Note(pitch: 67, start: 4, length: 4)])
        let report = VoiceLeading.analyse(melody)
        #expect(report.chordCount == 0)
        #expect(report.parallelFifthsPer100ChordChanges == nil)
        #expect(report.voiceCrossingsPer100Chords == nil)
        #expect(report.outOfRangeShare == nil)
    }

    @Test func theFinalChordsBassAndRootAgainstTheTonic() throws {
        // C major, ending on a first-inversion tonic chord (E in the bass).
        let score = Self.score([[67, 62, 59, 43], [72, 67, 60, 52]])
        let chord = try #require(FinalChord(of: score))
        #expect(chord.pitches == [52, 60, 67, 72])
        #expect(chord.bassPitchClass == 4)
        #expect(chord.rootPitchClass == 0)
        let figures = HarmonyFigures(score: score, keySignatureIsKnown: true)
        #expect(figures.key?.description == "C major")
        #expect(figures.keySource == .keySignature)
        #expect(figures.finalBassIsTonic == false)
        #expect(figures.finalRootIsTonic == true)
    }

    @Test func rootsOfOpenFifthsAndMinorChords() throws {
        #expect(FinalChord(of: Self.score([[nil, nil, 55, 48]]))?.rootPitchClass == 0)
        #expect(FinalChord(of: Self.score([[76, 72, 69, 57]]))?.rootPitchClass == 9)
        #expect(FinalChord(of: Self.score([[nil, nil, nil, 50]]))?.rootPitchClass == 2)
    }

    @Test func withoutAKeySignatureTheKeyIsEstimated() {
        let score = Self.score([[69, 64, 60, 45], [71, 62, 56, 52], [69, 64, 57, 45]])
        let figures = HarmonyFigures(score: score, keySignatureIsKnown: false)
        #expect(figures.keySource == .estimated)
        #expect(figures.key?.description == "A minor")
        #expect(figures.finalBassIsTonic == true)
    }

    @Test func aChoraleFromTheCorpus() throws {
        let piece = try PieceMetrics(contentsOf: MetricsFixtures.musicMIDI("music21-bwv66.6.mid"))
        let report = piece.harmony.voiceLeading
        #expect(report.voices.voices.map(\.role) == [.soprano, .alto, .tenor, .bass])
        #expect(report.notesInVoicesWithRoles == 163)
        #expect(report.chordCount > 40)
        #expect(piece.harmony.key?.description == "F# minor")
        #expect(piece.harmony.finalBassIsTonic == true)
    }
}
