import NeuraCore
import NeuraMusic

/// Applies one action to the state and returns the side effects it asks for. Pure: the same
/// state and action always give the same result, and nothing outside `state` is touched.
public func reduce(_ state: inout ComposerState, _ action: Action) -> [Effect] {
    let documentBefore = state.document
    let parametersBefore = state.parameters
    let playbackBefore = state.playback
    var effects: [Effect]
    switch action {
    case .key(let key): effects = state.handle(key)
    case .mouse(let event): effects = state.handle(event)
    case .resize(let size):
        state.viewSize = size
        if state.isEmpty { state.centreRollOnSingableRange() }
        effects = []
    case .generation(let jobID, let event):
        state.receive(event, jobID: jobID)
        state.followCursor()
        // Streamed notes are saved when the job ends, not once per note.
        return []
    case .generationFinished(let jobID): effects = state.finishGeneration(jobID: jobID, outcome: .finished)
    case .generationCancelled(let jobID): effects = state.finishGeneration(jobID: jobID, outcome: .cancelled)
    case .generationFailed(let jobID, let message):
        effects = state.finishGeneration(jobID: jobID, outcome: .failed(message))
    case .fileLoaded(let path, let score, let changes): effects = state.open(score, from: path, changes: changes)
    case .fileWritten(let path):
        state.filePath = path
        state.isDirty = false
        state.message = StatusMessage("wrote \(path)")
        effects = []
    case .newPiece(let path): effects = state.startNewPiece(at: path)
    case .themeLoaded(let name):
        state.themeName = name
        state.message = StatusMessage("theme \(name)")
        effects = []
    case .modelChosen(let model, let style):
        state.parameters.model = model
        state.parameters.controls.style = style
        state.message = StatusMessage("model \(state.parameters.modelName)" + (style.map { ", style \($0)" } ?? ""))
        effects = [.readSamplingDefaults(model: model)]
    case .modelSamplingDefaults(let model, let defaults):
        state.adoptSamplingDefaults(defaults, of: model)
        effects = []
    case .takeMeasured(let requestID, let evaluation):
        state.showEvaluation(.ready(evaluation), requestID: requestID)
        effects = []
    case .takeMeasurementFailed(let requestID, let text):
        state.showEvaluation(.failed(text), requestID: requestID)
        effects = []
    case .playbackClock(let seconds):
        return state.advancePlayback(toSeconds: seconds)
    case .audioOutput(let status):
        state.audioOutput = status
        effects = []
    case .audioRendered(let path, let seconds):
        state.message = StatusMessage("rendered \(path) (" + fixed(seconds, decimals: 1) + " s of audio)")
        effects = []
    case .error(let text):
        state.message = StatusMessage(text, isError: true)
        effects = []
    case .info(let text):
        state.message = StatusMessage(text)
        effects = []
    case .terminate:
        state.wantsQuit = true
        effects = [.quit]
    }
    state.followCursor()
    // Undo may take away the part the user was in.
    state.currentPart = min(state.currentPart, state.document.partCount - 1)
    if state.document != documentBefore || state.parameters != parametersBefore || state.playback != playbackBefore,
        !effects.contains(.saveSession)
    {
        effects.append(.saveSession)
    }
    return effects
}

extension ComposerState {
    mutating func handle(_ key: Key) -> [Effect] {
        if key == .control("c") {
            wantsQuit = true
            return [.quit]
        }
        // No command uses Alt, and Esc typed quickly before a key arrives the same way.
        if case .alt(let character) = key {
            return handle(.escape) + handle(.character(character))
        }
        switch mode {
        case .normal: return handleNormal(key)
        case .pianoEntry: return handlePianoEntry(key)
        case .select(let anchor): return handleSelect(key, anchor: anchor)
        case .commandLine(let text): return handleCommandLine(key, text: text)
        case .help:
            mode = .normal
            return []
        case .alternatives(let noteIndex): return handleAlternatives(key, noteIndex: noteIndex)
        case .evaluation: return handleEvaluation(key)
        }
    }

    /// Cursor movement shared by every mode that has a cursor; false when `key` is not a move.
    mutating func moveCursor(for key: Key) -> Bool {
        switch key {
        case .left, .character("h"): cursor.step -= 1
        case .right, .character("l"): cursor.step += 1
        case .up, .character("k"): cursor.pitch += 1
        case .down, .character("j"): cursor.pitch -= 1
        case .shiftLeft, .character("H"): cursor.step -= stepsPerBar
        case .shiftRight, .character("L"): cursor.step += stepsPerBar
        case .shiftUp, .character("K"): cursor.pitch += 12
        case .shiftDown, .character("J"): cursor.pitch -= 12
        case .home: cursor.step = 0
        case .end: cursor.step = max(document.score.length, document.current?.notes.map(\.note.end).max() ?? 0)
        case .pageUp: cursor.pitch += max(1, ScreenLayout(size: viewSize).rollRows - 1)
        case .pageDown: cursor.pitch -= max(1, ScreenLayout(size: viewSize).rollRows - 1)
        default: return false
        }
        clampCursor()
        return true
    }

    mutating func clampCursor() {
        cursor.step = max(0, cursor.step)
        cursor.pitch = min(127, max(0, cursor.pitch))
    }

    mutating func handleNormal(_ key: Key) -> [Effect] {
        if moveCursor(for: key) { return [] }
        switch key {
        case .enter: return toggleNoteAtCursor()
        case .character("x"), .delete: return deleteNoteAtCursor()
        case .character("<"): return resizeNoteAtCursor(by: -1)
        case .character(">"): return resizeNoteAtCursor(by: 1)
        case .character(let digit) where NoteLengths.digitKeys.contains(digit):
            noteLength = NoteLengths.steps(forDigit: digit, stepsPerQuarter: document.score.stepsPerQuarter)
            message = StatusMessage("note length \(NoteLengths.name(steps: noteLength, stepsPerQuarter: document.score.stepsPerQuarter))")
        case .character("i"):
            mode = .pianoEntry
            pianoOctave = cursor.pitch / 12 - 1
            message = StatusMessage("piano: z s x d c v g b h n j m / q 2 w 3 e r 5 t 6 y 7 u i 9 o 0 p; [ ] length; Esc leaves")
        case .character("v"):
            mode = .select(anchor: cursor.step)
            message = StatusMessage(
                "select: move to extend; d delete, y copy, p paste, + - transpose, m move to the current part, "
                    + "g regenerate, G harmonise")
        case .character("p"): return paste(at: cursor.step)
        case .character("["): adjustTemperature(by: -0.05)
        case .character("]"): adjustTemperature(by: 0.05)
        case .character("{"): adjustLength(by: -1)
        case .character("}"): adjustLength(by: 1)
        case .character("g"): return startGeneration()
        case .character("G"): return startHarmonization()
        case .character("t"): cyclePart(by: 1)
        case .character("T"): cyclePart(by: -1)
        case .character("m"): toggle(.mute, .current)
        case .character("s"): toggle(.solo, .current)
        case .escape:
            if generation.isRunning { return stopRunningGeneration(reason: "generation cancelled") }
            message = nil
        case .tab: cycleVariation(by: 1)
        case .backTab: cycleVariation(by: -1)
        case .character("a"): return acceptVariation()
        case .character(" "): return togglePlayback()
        case .character("u"): return undo()
        case .control("r"): return redo()
        case .character(":"): mode = .commandLine("")
        case .character("?"): mode = .help
        case .character("o"): showAlternatives()
        case .character("e"): return openEvaluation()
        default: break
        }
        return []
    }

    mutating func adjustTemperature(by delta: Float) {
        let range = GenerationLimits.temperature
        let value = ((parameters.controls.temperature + delta) * 100).rounded() / 100
        parameters.controls.temperature = min(range.upperBound, max(range.lowerBound, value))
        parameters.userChose.temperature = true
        message = StatusMessage("temperature " + fixed(Double(parameters.controls.temperature), decimals: 2))
    }

    mutating func adjustLength(by delta: Int) {
        let range = GenerationLimits.bars
        parameters.lengthBars = min(range.upperBound, max(range.lowerBound, parameters.lengthBars + delta))
        message = StatusMessage("generate \(parameters.lengthBars) bar\(parameters.lengthBars == 1 ? "" : "s")")
    }

    mutating func togglePlayback() -> [Effect] {
        if isPlaying { return stopPlayback() }
        let score = audibleScore
        // From the cursor, or from the top when the cursor is past the last note.
        let start = cursor.step < score.length ? cursor.step : 0
        playbackRun = newPlaybackRun(from: start)
        playhead = start
        reportMissingAudioOnce()
        return [.play(playedTake, fromStep: start)]
    }

    /// Playback from `start` over the score as it is now, at its tempo.
    func newPlaybackRun(from start: Int) -> PlaybackRun {
        let score = audibleScore
        let stepsPerSecond = max(score.tempo, 1) / 60 * Double(max(score.stepsPerQuarter, 1))
        return PlaybackRun(startStep: start, endStep: max(score.length, start + 1), stepsPerSecond: stepsPerSecond)
    }

    mutating func stopPlayback() -> [Effect] {
        playbackRun = nil
        playhead = nil
        return [.stopPlayback]
    }

    /// Without sound the playhead still runs; the status line says why it is silent, once.
    mutating func reportMissingAudioOnce() {
        guard !hasReportedNoAudio else { return }
        switch audioOutput {
        case .opening, .ready: return
        case .noDevice: message = StatusMessage("no audio output (render with :render)")
        case .failed(let reason): message = StatusMessage("no sound: \(reason)", isError: true)
        }
        hasReportedNoAudio = true
    }

    /// The shell's clock says how far playback has got (seconds since this pass began). At the end
    /// the playhead stops, or in loop mode jumps back to where playback started and asks the shell
    /// to sound the take again (edits made meanwhile included) and to start counting anew.
    mutating func advancePlayback(toSeconds seconds: Double) -> [Effect] {
        guard let run = playbackRun else { return [] }
        guard let step = run.step(atSeconds: seconds) else {
            if playback.loops {
                // The next pass plays the score as it is now: edits and a new tempo included.
                playbackRun = newPlaybackRun(from: run.startStep)
                playhead = run.startStep
                scrollToPlayhead()
                let passSeconds = Double(run.endStep - run.startStep) / run.stepsPerSecond
                return [.playAgain(playedTake, fromStep: run.startStep, passSeconds: passSeconds)]
            }
            playbackRun = nil
            playhead = nil
            return [.stopPlayback]
        }
        playhead = step
        scrollToPlayhead()
        return []
    }

    /// The view pages along with the playhead; the next key brings it back to the cursor.
    mutating func scrollToPlayhead() {
        let columns = ScreenLayout(size: viewSize).rollColumns
        if let step = playhead, columns > 0, !(scroll.firstStep..<scroll.firstStep + columns).contains(step) {
            scroll.firstStep = max(0, step - min(4, columns / 4))
        }
    }

    mutating func handle(_ event: MouseEvent) -> [Effect] {
        guard mode == .normal || mode == .pianoEntry || selection != nil else { return [] }
        switch event.button {
        case .wheelUp:
            cursor.pitch += 3
            clampCursor()
            return []
        case .wheelDown:
            cursor.pitch -= 3
            clampCursor()
            return []
        case .left, .right:
            let layout = ScreenLayout(size: viewSize)
            guard let position = layout.gridPosition(column: event.column, row: event.row, scroll: scroll)
            else { return [] }
            cursor = position
            if event.button == .right { return deleteNoteAtCursor() }
            return selection == nil ? toggleNoteAtCursor() : []
        }
    }
}
