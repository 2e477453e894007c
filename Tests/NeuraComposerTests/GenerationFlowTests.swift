import NeuraCore
import NeuraMusic
import Testing
@testable import NeuraComposer

/// The reducer's side of generation: what it asks for and how streamed events land.
@Suite struct GenerationFlowTests {
    func stateWithSeed() -> ComposerState {
        var state = ComposerState()
        press([.character("i")] + keys("zxc") + [.escape], into: &state)
        return state
    }

    /// Runs the request through the scale-walk generator synchronously, feeding every event.
    func stream(_ request: StartedJob, into state: inout ComposerState) {
        var streamedEffects: [Effect] = []
        try? ScaleWalkGenerator().generate(
            request.job, model: request.model, emit: { streamedEffects += reduce(&state, .generation(jobID: request.jobID, $0)) },
            isCancelled: { false })
        // Autosave once when the job ends, not once per streamed note.
        #expect(streamedEffects.isEmpty)
        #expect(reduce(&state, .generationFinished(jobID: request.jobID)) == [.saveSession])
    }

    @Test func gAsksForAContinuationAfterTheLastSeedNote() throws {
        var state = stateWithSeed()
        press(keys("}"), into: &state)
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        #expect(request.job.range == 12..<(12 + 5 * 16))
        #expect(request.job.score.notes.count == 3)
        #expect(request.job.controls.variations == 3)
        #expect(request.job.controls == state.parameters.controls)
        #expect(request.model == nil)
        #expect(state.generation == .running(jobID: request.jobID, progress: 0))
    }

    @Test func streamedNotesFillVariationsThatTabCyclesAndAAccepts() throws {
        var state = stateWithSeed()
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        stream(request, into: &state)
        #expect(state.generation == .idle)
        #expect(state.document.variations.count == 3)
        #expect(state.document.current?.notes.first?.note == Note(pitch: 64, start: 12, length: 4))
        #expect(state.document.current?.entropyByStep[16] == 1)
        press([.tab], into: &state)
        #expect(state.document.currentVariation == 1)
        #expect(state.document.current?.notes.first?.note.pitch == 66)
        press(keys("a"), into: &state)
        #expect(state.document.variations.isEmpty)
        #expect(state.document.score.notes.count == 3 + 16)
        // Acceptance and generation are each one undo step.
        press(keys("u"), into: &state)
        #expect(state.document.variations.count == 3)
        #expect(state.document.score.notes.count == 3)
        press(keys("u"), into: &state)
        #expect(state.document.variations.isEmpty)
    }

    @Test func undoAndRedoSayWhatTheyUndid() throws {
        var state = stateWithSeed()
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        stream(request, into: &state)
        press(keys("a"), into: &state)
        press(keys("u"), into: &state)
        #expect(state.message?.text == "undid: accept 16 notes")
        press(keys("u"), into: &state)
        #expect(state.message?.text == "undid: generate 4 bars")
        press([.control("r")], into: &state)
        #expect(state.message?.text == "redid: generate 4 bars")
        press(keys("u"), into: &state)
        #expect(state.message?.text == "undid: generate 4 bars")
        press(keys("u"), into: &state)
        #expect(state.message?.text == "undid: add E4")
        press(keys(":tempo 90") + [.enter] + keys("u"), into: &state)
        #expect(state.message?.text == "undid: tempo 90")
    }

    @Test func escapeCancelsAndLateEventsOfThatJobAreDropped() throws {
        var state = stateWithSeed()
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        #expect(press([.escape], into: &state).contains(.cancelGeneration(jobID: request.jobID)))
        #expect(state.generation == .idle)
        let late = SampledNote(note: Note(pitch: 70, start: 12, length: 4))
        _ = reduce(&state, .generation(jobID: request.jobID, .note(variation: 0, late)))
        #expect(state.document.variations.isEmpty)
        #expect(state.undoStack.count == 3)
    }

    @Test func editingWhileGeneratingStopsTheJobAndSaysSo() throws {
        var state = stateWithSeed()
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        let effects = press([.enter], into: &state)
        #expect(effects.contains(.cancelGeneration(jobID: request.jobID)))
        #expect(state.message?.text == "generation stopped: the score was edited")
    }

    @Test func aFailureShowsOnTheStatusLine() throws {
        var state = stateWithSeed()
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        _ = reduce(&state, .generationFailed(jobID: request.jobID, message: "no model for style folk"))
        #expect(state.generation == .failed("no model for style folk"))
        #expect(state.message == StatusMessage("generation failed: no model for style folk", isError: true))
        #expect(state.document.variations.isEmpty)
        #expect(state.undoStack.count == 3)
    }

    @Test func regeneratingASelectionReplacesOnlyThatRangeOnAccept() throws {
        var state = stateWithSeed()
        press([.character("i")] + keys("vbn") + [.escape, .home], into: &state)
        // Select steps 4…11 (the 2nd and 3rd notes) and regenerate them.
        press(Array(repeating: .right, count: 4) + keys("v") + Array(repeating: .right, count: 7), into: &state)
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        #expect(request.job.range == 4..<12)
        // The whole score goes with the job; the generator hears what comes before the range.
        #expect(request.job.score.notes.map(\.pitch) == [60, 62, 64, 65, 67, 69])
        stream(request, into: &state)
        #expect(state.document.visibleSeedNotes.map(\.pitch) == [60, 65, 67, 69])
        press(keys("a"), into: &state)
        #expect(seedNotes(state) == [[60, 0, 4], [60, 4, 4], [62, 8, 4], [65, 12, 4], [67, 16, 4], [69, 20, 4]])
    }

    @Test func pickingAnAlternativeResamplesFromThatNote() throws {
        var state = stateWithSeed()
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        stream(request, into: &state)
        state.cursor = Cursor(step: 16, pitch: 66)
        press(keys("o"), into: &state)
        #expect(state.mode == .alternatives(noteIndex: 1))
        var others = state.document.variations[0].notes.map(\.note)
        others.remove(at: 1)
        let resample = try #require(generationRequests(in: press(keys("2"), into: &state)).first)
        #expect(resample.job.controls.variations == 1)
        #expect(resample.job.controls.firstVariation == 0)
        #expect(resample.job.range == 16..<(12 + 4 * 16))
        #expect(resample.job.pick == Note(pitch: 67, start: 16, length: 4))
        // The replaced note is not in what the model hears; the notes before it are.
        #expect(resample.job.score.notes == (state.document.score.notes + others).sorted(by: Score.noteOrder))
        #expect(state.document.current?.notes.map(\.note.pitch) == [64, 67])
        #expect(state.message?.text.hasPrefix("picked G4, resampling bars 2–5") == true)
        stream(resample, into: &state)
        #expect(state.document.current?.notes.prefix(3).map(\.note.pitch) == [64, 67, 69])
        #expect(state.document.variations.count == 3)
        #expect(state.message?.text == "picked G4, resampled bars 2–5")
        // One undo step brings the sampled note back, and says what it undid.
        press(keys("u"), into: &state)
        #expect(state.document.current?.notes[1].note.pitch == 66)
        #expect(state.message?.text == "undid: pick G4")
    }

    @Test func aPickOnAnotherVariationDrawsFromThatVariationsStream() throws {
        var state = stateWithSeed()
        let request = try #require(generationRequests(in: press(keys("g"), into: &state)).first)
        stream(request, into: &state)
        press([.tab, .tab], into: &state)
        let pitch = try #require(state.document.current?.notes[1].note.pitch)
        state.cursor = Cursor(step: 16, pitch: pitch)
        press(keys("o"), into: &state)
        let resample = try #require(generationRequests(in: press(keys("2"), into: &state)).first)
        #expect(resample.job.controls.firstVariation == 2)
        stream(resample, into: &state)
        #expect(state.document.variations[2].notes[1].note.pitch == pitch + 1)
        #expect(state.document.variations[0].notes[1].note.pitch == 66)
    }
}
