import Foundation
import NeuraCore
import NeuraMusic
import Testing
@testable import NeuraComposer

/// Composing in both directions: the jobs that G, v…G, v…g and `:end` ask for, and how their
/// variations sit beside the melody.
@Suite struct HarmonizeAndEndTests {
    /// Two bars of a melody in a part named Soprano: C5 D5 E5 F5 G5 F5 E5 D5, in quarters.
    func melodyState() -> ComposerState {
        var state = ComposerState()
        press([.character("i")] + keys("qwertrew") + [.escape], into: &state)
        press(keys(":program 52") + [.enter], into: &state)
        state.document.score.parts[0].name = "Soprano"
        return state
    }

    @Test func gUnderTheMelodyKeepsItsPartAndEndsWithIt() throws {
        var state = melodyState()
        let request = try #require(generationRequests(in: press(keys("G"), into: &state)).first)
        #expect(request.job.range == 0..<32)
        #expect(request.job.keptParts == [0])
        #expect(request.job.ending == .atRangeEnd)
        #expect(request.job.score == state.document.score)
        #expect(state.message?.text == "generating the parts under Soprano, bars 1–2… Esc cancels")
        let melody = state.document.score.notes
        try stream(request, through: FourVoiceGenerator(), into: &state)
        #expect(state.message?.text == "3 variations under Soprano: Tab cycles, a accepts, u undoes")
        // While the variations are shown the melody is there, untouched, and is what plays.
        #expect(state.document.visibleSeedNotes == melody)
        #expect(state.audibleScore.notes.filter { $0.part == 0 } == melody)
        #expect(state.document.current?.notes.allSatisfy { $0.note.part != 0 } == true)
        press([.tab], into: &state)
        #expect(state.document.visibleSeedNotes == melody)
        press(keys("a"), into: &state)
        #expect(state.document.score.notes.filter { $0.part == 0 } == melody)
        #expect(Set(state.document.score.notes.map(\.part)) == [0, 1, 2, 3])
        #expect(state.document.parts.map(\.name) == ["Soprano", "Alto", "Tenor", "Bass"])
        press(keys("uu"), into: &state)
        #expect(state.message?.text == "undid: harmonise Soprano")
        #expect(state.document.score.notes == melody)
    }

    @Test func harmonisingAgainReplacesOnlyTheWrittenPartsInTheRange() throws {
        var state = melodyState()
        try stream(try #require(generationRequests(in: press(keys("G"), into: &state)).first), through: FourVoiceGenerator(),
                   into: &state)
        press(keys("a"), into: &state)
        let before = state.document.score.notes
        // Bar 2 again, under the same melody: bar 1 and the melody stay as they are.
        state.cursor.step = 16
        let request = try #require(generationRequests(in: press(keys("v") + [.end] + keys("G"), into: &state)).first)
        #expect(request.job.range == 16..<32)
        #expect(request.job.keptParts == [0])
        #expect(request.job.ending == .atRangeEnd)
        #expect(state.document.visibleSeedNotes == before.filter { $0.start < 16 || $0.part == 0 })
        try stream(request, through: FourVoiceGenerator(), into: &state)
        press([.tab], into: &state)
        press(keys("a"), into: &state)
        let after = state.document.score.notes
        #expect(after.filter { $0.start < 16 || $0.part == 0 } == before.filter { $0.start < 16 || $0.part == 0 })
        #expect(after.filter { $0.start >= 16 && $0.part != 0 }.map(\.pitch).allSatisfy { [75, 70, 65].contains($0) })
    }

    @Test func aRangeWithMusicAfterItIsHarmonisedOpenLeadingIntoIt() throws {
        var state = melodyState()
        state.cursor.step = 4
        let request = try #require(generationRequests(in: press(keys("v") + Array(repeating: .right, count: 7) + keys("G"),
                                                                into: &state)).first)
        #expect(request.job.range == 4..<12)
        #expect(request.job.ending == .open)
        #expect(request.job.score.notes.contains { $0.start >= 12 })
    }

    @Test func aPartWithoutNotesHasNothingToHarmonise() {
        var state = melodyState()
        press(keys(":part Bass") + [.enter], into: &state)
        #expect(press(keys("G"), into: &state).isEmpty)
        #expect(state.message == StatusMessage("part 2 Bass has no notes to harmonise: t picks the melody's part", isError: true))
        // `:harmonize PART` names the melody.
        let effects = press(keys(":harmonize soprano") + [.enter], into: &state)
        #expect(generationRequests(in: effects).first?.job.keptParts == [0])
        #expect(state.currentPart == 0)
    }

    @Test func aPickUnderAHarmonisedMelodyKeepsTheMelodyAndTheEnding() throws {
        var state = melodyState()
        try stream(try #require(generationRequests(in: press(keys("G"), into: &state)).first), through: FourVoiceGenerator(),
                   into: &state)
        let alto = try #require(state.document.current?.notes.first { $0.note.part == 1 && $0.note.start == 8 })
        state.cursor = Cursor(step: 8, pitch: alto.note.pitch)
        press(keys("o"), into: &state)
        let resample = try #require(generationRequests(in: press(keys("2"), into: &state)).first)
        #expect(resample.job.keptParts == [0])
        #expect(resample.job.ending == .atRangeEnd)
        #expect(resample.job.range == 8..<32)
        #expect(resample.job.pick == Note(pitch: alto.note.pitch + 1, start: 8, length: 4, part: 1))
        #expect(resample.job.score.notes.filter { $0.part == 0 } == state.document.score.notes)
        try stream(resample, through: FourVoiceGenerator(), into: &state)
        #expect(state.document.visibleSeedNotes == state.document.score.notes)
    }

    @Test func endAtABarMakesTheNextContinuationEndExactlyThere() throws {
        var state = melodyState()
        press(keys(":end 5") + [.enter], into: &state)
        #expect(state.message?.text == "g ends the piece at the end of bar 5")
        #expect(state.parameters.end == .atBar(5))
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        #expect(request.job.range == 32..<80)
        #expect(request.job.ending == .atRangeEnd)
        #expect(state.message?.text == "generating to the end of bar 5… Esc cancels")
        // The header says so, and the session keeps it.
        let header = render(state, size: TerminalSize(columns: 160, rows: 12), options: RenderOptions(unicode: false)).lines[0]
        #expect(header.contains("| len 4 bars | end bar 5 |"))
        let restored = ComposerState(restoring: state.session, viewSize: state.viewSize)
        #expect(restored.parameters.end == .atBar(5))
    }

    /// `:cadence free` leaves the close of a set end to the model; the default closes on the
    /// tonic chord. (What each does to the music is tested with the real model in the CLI tests.)
    @Test func cadenceSetsHowASetEndCloses() throws {
        var state = melodyState()
        press(keys(":end 5") + [.enter], into: &state)
        var request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        #expect(request.job.controls.cadenceRule == .tonic)
        press([.escape], into: &state)
        press(keys(":cadence free") + [.enter], into: &state)
        #expect(state.message?.text == "a set end closes where the model arrives")
        request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        #expect(request.job.controls.cadence == .free)
        let restored = ComposerState(restoring: state.session, viewSize: state.viewSize)
        #expect(restored.parameters.controls.cadence == .free)
    }

    @Test func anEndBeforeTheSeedDoesIsRefusedWithTheReason() {
        var state = melodyState()
        #expect(press(keys(":end 2") + [.enter], into: &state).isEmpty)
        #expect(state.message == StatusMessage(
            "the piece cannot end at bar 2: the seed goes on to bar 2 (:end off, or a later bar)", isError: true))
        #expect(state.parameters.end == .open)
        press(keys(":end 3") + [.enter], into: &state)
        // The seed grows past the end afterwards: g refuses, and says why.
        state.cursor.step = 48
        press([.enter], into: &state)
        #expect(generationRequests(in: press(keys("g"), into: &state)).isEmpty)
        #expect(state.message == StatusMessage(
            "the piece cannot end at bar 3: the seed goes on to bar 4 (:end off, or a later bar)", isError: true))
    }

    @Test func theModelMayEndItAndOffGoesBackToTheLength() throws {
        var state = melodyState()
        press(keys(":end model") + [.enter], into: &state)
        var request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        #expect(request.job.range == 32..<96)
        #expect(request.job.ending == .byTheModel)
        #expect(render(state, size: TerminalSize(columns: 160, rows: 12), options: RenderOptions(unicode: false)).lines[0]
            .contains("end by the model"))
        press([.escape] + keys(":end off") + [.enter], into: &state)
        request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        #expect(request.job.ending == .open)
        #expect(state.session.parameters.end == .open)
    }

    /// v…g hears what follows the range: the job carries the whole score, the notes after the
    /// range included, and the range ends open, so that a model with controls leads into them.
    @Test func regeneratingARangeCarriesTheMusicAfterIt() throws {
        var state = melodyState()
        press(keys(":end 9") + [.enter], into: &state)
        state.cursor.step = 8
        let request = try #require(generationRequests(in: press(keys("v") + Array(repeating: .right, count: 7) + keys("g"),
                                                                into: &state)).first)
        #expect(request.job.range == 8..<16)
        #expect(request.job.score.notes == state.document.score.notes)
        #expect(request.job.score.notes.filter { $0.start >= 16 }.map(\.pitch) == [79, 77, 76, 74])
        #expect(request.job.ending == .open)
        #expect(request.job.keptParts.isEmpty)
        #expect(request.job.pick == nil)
    }
}
