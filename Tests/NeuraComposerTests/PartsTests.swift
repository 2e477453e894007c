import Foundation
import NeuraCore
import NeuraMusic
import Testing
@testable import NeuraComposer

/// The composer's parts: which one new notes go into, adding and moving, mute and solo, and
/// where a model's notes land.
@Suite struct PartsTests {
    /// C D E in part 1, then a new part "Alto" with A3 B3 under them.
    func twoParts() -> ComposerState {
        var state = ComposerState()
        press([.character("i")] + keys("zxc") + [.escape], into: &state)
        press(keys(":part Alto") + [.enter], into: &state)
        press([.home, .character("i"), .down] + keys("nm") + [.escape], into: &state)
        return state
    }

    @Test func newNotesGoIntoTheCurrentPartWhichAPartCommandAddsAndPicks() {
        var state = twoParts()
        #expect(state.document.parts.map(\.name) == ["Part 1", "Alto"])
        #expect(state.currentPart == 1)
        #expect(state.document.score.notes.map { [$0.pitch, $0.part] } == [[57, 1], [60, 0], [59, 1], [62, 0], [64, 0]])
        // The new part sounds like the one the user was writing in, and undo takes it away again.
        #expect(state.document.score.parts[1].program == 0)
        press(keys(":part 1") + [.enter], into: &state)
        #expect(state.currentPart == 0)
        #expect(state.message?.text == "part 1 Part 1 (Acoustic Grand Piano): new notes go here")
        state.cursor = Cursor(step: 12, pitch: 65)
        press([.enter], into: &state)
        #expect(state.document.score.notes.last.map { [$0.pitch, $0.part] } == [65, 0])
        press(keys(":part al") + [.enter], into: &state)
        #expect(state.currentPart == 1)
        press(keys(":part 5") + [.enter], into: &state)
        #expect(state.message == StatusMessage("no part 5; the parts are 1 Part 1, 2 Alto (:part NAME adds one)", isError: true))
    }

    @Test func aNewScoresPartTakesTheFirstNameGivenThenNamesAddParts() {
        var state = ComposerState()
        press(keys(":part Soprano") + [.enter], into: &state)
        #expect(state.document.score.parts == [Part(name: "Soprano")])
        #expect(state.message?.text == "part 1 Soprano: new notes go here")
        press([.enter] + keys(":part Bass") + [.enter], into: &state)
        #expect(state.document.parts.map(\.name) == ["Soprano", "Bass"])
        #expect(state.currentPart == 1)
        press(keys("u"), into: &state)
        #expect(state.currentPart == 0)
        press(keys("u"), into: &state)
        #expect(state.message?.text == "undid: add C4")
        press(keys("u"), into: &state)
        #expect(state.message?.text == "undid: name part 1 Soprano")
    }

    @Test func tCyclesThePartsAndOnePartSaysHowToAddAnother() {
        var state = ComposerState()
        press(keys("t"), into: &state)
        #expect(state.message?.text == "one part so far: :part NAME adds another")
        state = twoParts()
        press(keys("t"), into: &state)
        #expect(state.currentPart == 0)
        press(keys("T"), into: &state)
        #expect(state.currentPart == 1)
        #expect(state.message?.text == "part 2 Alto (Acoustic Grand Piano): new notes go here")
    }

    @Test func twoPartsMaySingTheSamePitchAndEnterTakesTheCurrentPartsNote() {
        var state = twoParts()
        press(keys(":part 1") + [.enter], into: &state)
        state.cursor = Cursor(step: 0, pitch: 57)
        // The alto's A3 sounds here: Enter takes it away (it is the note at the cursor).
        press([.enter], into: &state)
        #expect(!state.document.score.notes.contains { $0.pitch == 57 })
        // Piano entry writes a unison: a note of the same pitch in another part is not replaced.
        press([.character("i")] + keys("c") + [.escape, .home, .character("t"), .character("i")] + keys("c"), into: &state)
        #expect(state.document.score.notes.filter { $0.pitch == 52 && $0.start == 0 }.map(\.part).sorted() == [0, 1])
    }

    @Test func selectedNotesMoveToTheCurrentPartInOneUndoStep() {
        var state = twoParts()
        press(keys(":part 1") + [.enter], into: &state)
        press([.home] + keys("v") + Array(repeating: .right, count: 4) + keys("m"), into: &state)
        #expect(state.document.score.notes.map { [$0.pitch, $0.start, $0.part] }
            == [[57, 0, 0], [60, 0, 0], [59, 4, 0], [62, 4, 0], [64, 8, 0]])
        #expect(state.message?.text == "moved 2 notes to part 1 Part 1")
        press(keys("u"), into: &state)
        #expect(state.message?.text == "undid: move 2 notes to Part 1")
        #expect(state.document.score.notes.filter { $0.part == 1 }.count == 2)
    }

    @Test func aPhraseCopiedFromOnePartPastesIntoTheCurrentOneAndSeveralPartsKeepTheirs() {
        var state = twoParts()
        press(keys(":part Tenor") + [.enter], into: &state)
        // Step 8 holds only part 1's E4: it goes into the tenor.
        state.cursor.step = 8
        press(keys("v") + Array(repeating: .right, count: 3) + keys("y"), into: &state)
        state.cursor.step = 16
        press(keys("p"), into: &state)
        #expect(state.document.score.notes.filter { $0.start == 16 }.map { [$0.pitch, $0.part] } == [[64, 2]])
        #expect(state.message?.text == "pasted 1 note into part 3 Tenor")
        // Step 0 holds notes of two parts: they keep theirs.
        press([.home] + keys("v") + Array(repeating: .right, count: 3) + keys("y"), into: &state)
        state.cursor.step = 24
        press(keys("p"), into: &state)
        #expect(state.document.score.notes.filter { $0.start == 24 }.map(\.part).sorted() == [0, 1])
    }

    @Test func muteAndSoloChooseWhatPlaysAndRendersButNotWhatIsWritten() throws {
        var state = twoParts()
        #expect(Set(state.playedTake.seed.notes.map(\.part)) == [0, 1])
        press(keys("m"), into: &state)
        #expect(state.message?.text == "part 2 Alto muted")
        #expect(state.playedTake.seed.notes.allSatisfy { $0.part == 0 })
        #expect(state.exportedTake.seed.notes.count == 5)
        let play = press([.home] + keys(" "), into: &state)
        #expect(play.contains(.play(state.playedTake, fromStep: 0)))
        press(keys(" "), into: &state)
        press(keys("m") + keys(":solo 2") + [.enter], into: &state)
        #expect(state.message?.text == "only Alto play")
        #expect(state.playedTake.seed.notes.allSatisfy { $0.part == 1 })
        let render = press(keys(":render out.wav") + [.enter], into: &state)
        #expect(render == [.renderAudio(path: "out.wav", state.playedTake)])
        press(keys(":mute 2") + [.enter], into: &state)
        let silent = press(keys(":render out.wav") + [.enter], into: &state)
        #expect(silent.isEmpty)
        #expect(state.message?.text.hasPrefix("nothing to render: every part with notes is muted") == true)
        press(keys(":solo off") + [.enter] + keys(":mute off") + [.enter], into: &state)
        #expect(state.playedTake == state.exportedTake)
        // Mute and solo are settings: kept with the session, untouched by undo.
        press(keys("s"), into: &state)
        #expect(ComposerState(restoring: state.session, viewSize: state.viewSize).playback.soloed == [1])
        press(keys("u"), into: &state)
        #expect(state.playback.soloed == [1])
    }

    @Test func openingAFileStartsInItsFirstPartWithEveryPartPlaying() {
        var state = twoParts()
        press(keys("m"), into: &state)
        let chorale = Score(
            notes: [Note(pitch: 72, start: 0, length: 4, part: 0), Note(pitch: 48, start: 0, length: 4, part: 1)],
            parts: [Part(name: "Soprano", program: 52), Part(name: "Bass", program: 52)])
        _ = reduce(&state, .fileLoaded(path: "/tmp/chorale.mid", chorale))
        #expect(state.currentPart == 0)
        #expect(state.playback.muted.isEmpty)
        #expect(state.message?.text == "opened /tmp/chorale.mid: 2 notes in 2 parts")
    }

    /// A melody of its own part under which a four-voice model writes: the voices it has no part
    /// for become parts of the score, named and sounding as the model's, and its notes and
    /// alternatives are filed under the score's parts.
    @Test func aFourVoiceModelsNotesLandInTheScoresPartsAndNewOnesForTheRest() throws {
        var state = ComposerState()
        press([.character("i")] + keys("qwer") + [.escape], into: &state)
        state.document.score.parts = [Part(name: "Tune", program: 73)]
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        try stream(request, through: FourVoiceGenerator(), into: &state)
        // The tune was heard as the soprano, so the model's soprano notes are the tune's.
        #expect(state.document.parts.map(\.name) == ["Tune", "Alto", "Tenor", "Bass"])
        #expect(state.document.parts.map(\.program) == [73, 52, 52, 52])
        let take = try #require(state.document.current)
        #expect(Set(take.notes.map(\.note.part)) == [0, 1, 2, 3])
        #expect(take.notes.allSatisfy { sampled in sampled.alternatives.map(\.part).allSatisfy { (0...3).contains($0) } })
        // Undo takes the generation and the parts it brought with it away together.
        press(keys("u"), into: &state)
        #expect(state.document.parts.map(\.name) == ["Tune"])
    }

    @Test func aSingleVoiceModelWritesIntoTheCurrentPartAndTheStatusLineSaysItMergedTheParts() throws {
        var state = twoParts()
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        _ = reduce(&state, .generation(jobID: request.jobID, .parts(ModelParts(parts: [Part.unnamed(0)], heardAs: [0: 0, 1: 0]))))
        _ = reduce(&state, .generation(jobID: request.jobID, .notice("this model writes one voice: the parts were merged into one")))
        #expect(state.message?.text == "this model writes one voice: the parts were merged into one")
        _ = reduce(&state, .generation(jobID: request.jobID, .note(variation: 0, SampledNote(
            note: Note(pitch: 67, start: 12, length: 4), alternatives: [NoteAlternative(pitch: 67, probability: 1)]))))
        _ = reduce(&state, .generationFinished(jobID: request.jobID))
        #expect(state.document.current?.notes.map(\.note.part) == [1])
        #expect(state.document.current?.notes.first?.alternatives.map(\.part) == [1])
        #expect(state.message?.text.contains("(this model writes one voice: the parts were merged into one)") == true)
    }

    @Test func theModelsViewListsEachChoiceWithItsPartAndAPickKeepsThatPart() throws {
        var state = ComposerState(viewSize: TerminalSize(columns: 80, rows: 30))
        press([.character("i")] + keys("qwer") + [.escape], into: &state)
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        try stream(request, through: FourVoiceGenerator(), into: &state)
        let tenor = try #require(state.document.current?.notes.first { $0.note.part == 2 })
        state.cursor = Cursor(step: tenor.note.start, pitch: tenor.note.pitch)
        press(keys("o"), into: &state)
        let text = render(state, size: state.viewSize, options: RenderOptions(unicode: false)).lines.joined(separator: "\n")
        #expect(text.contains("1  A4   Tenor 50.0%  (in the take)"))
        #expect(text.contains("3  A4   Bass  20.0%"))
        let resample = try #require(generationRequests(in: press(keys("3"), into: &state)).first)
        #expect(resample.job.pick == Note(pitch: tenor.note.pitch, start: tenor.note.start, length: 4, part: 3))
        #expect(state.document.current?.notes.last?.note == resample.job.pick)
    }
}
