import NeuraCore
import NeuraMusic
import Testing
@testable import NeuraComposer

@Suite struct KeyMapTests {
    @Test func pianoEntryWritesTheTrackerLayoutAndAdvances() {
        var state = ComposerState(viewSize: TerminalSize(columns: 60, rows: 14))
        press([.character("i")] + keys("zxc"), into: &state)
        #expect(seedNotes(state) == [[60, 0, 4], [62, 4, 4], [64, 8, 4]])
        #expect(state.cursor == Cursor(step: 12, pitch: 64))
        #expect(state.mode == .pianoEntry)
        let grid = render(state, size: state.viewSize, options: RenderOptions(unicode: false))
        let layout = ScreenLayout(size: grid.size)
        for (pitch, step) in [(60, 0), (62, 4), (64, 8)] {
            let row = layout.rollTop + state.scroll.topPitch - pitch
            #expect(grid[layout.rollLeft + step, row] == Cell("[", .seedNote))
            #expect(grid[layout.rollLeft + step + 3, row] == Cell("=", .seedNote))
        }
    }

    @Test func pianoEntryUpperRowsOctaveShiftAndEscape() {
        var state = ComposerState()
        press([.character("i"), .character("q"), .character("2"), .character("p"), .down, .character("z"), .escape],
              into: &state)
        #expect(seedNotes(state).map(\.first!) == [72, 73, 88, 48])
        #expect(state.mode == .normal)
        press([.character("i"), .character("["), .character("z")], into: &state)
        #expect(state.document.score.notes.last?.length == 2)
    }

    @Test func movementKeysIncludingBarsAndOctaves() {
        var state = ComposerState()
        press([.right, .character("l"), .up, .character("k")], into: &state)
        #expect(state.cursor == Cursor(step: 2, pitch: 62))
        press([.character("L"), .character("K")], into: &state)
        #expect(state.cursor == Cursor(step: 18, pitch: 74))
        press([.shiftLeft, .shiftDown, .character("h"), .character("j"), .down], into: &state)
        #expect(state.cursor == Cursor(step: 1, pitch: 60))
        press([.left, .left, .left], into: &state)
        #expect(state.cursor.step == 0)
    }

    @Test func enterTogglesAndLengthKeysApply() {
        var state = ComposerState()
        press([.character("5"), .enter], into: &state)
        #expect(seedNotes(state) == [[60, 0, 8]])
        press([.right, .right, .enter], into: &state)
        #expect(seedNotes(state).isEmpty)
        press(keys("1"), into: &state)
        #expect(state.noteLength == 1)
        press(keys("6"), into: &state)
        #expect(state.noteLength == 16)
    }

    @Test func deleteAndResizeTheNoteUnderTheCursor() {
        var state = ComposerState()
        press([.enter], into: &state)
        press(keys(">>"), into: &state)
        #expect(seedNotes(state) == [[60, 0, 6]])
        press(keys("<<<<<<<"), into: &state)
        #expect(seedNotes(state) == [[60, 0, 1]])
        press([.delete], into: &state)
        #expect(seedNotes(state).isEmpty)
        press(keys("x"), into: &state)
        #expect(state.message?.text == "no note at the cursor")
    }

    @Test func temperatureAndLengthBrackets() {
        var state = ComposerState()
        press(keys("]]"), into: &state)
        #expect(state.parameters.controls.temperature == 1.1)
        press(keys("[[[[["), into: &state)
        #expect(state.parameters.controls.temperature == 0.85)
        press(keys("}}"), into: &state)
        #expect(state.parameters.lengthBars == 6)
        press(Array(repeating: Key.character("{"), count: 10), into: &state)
        #expect(state.parameters.lengthBars == 1)
    }

    @Test func mouseClickPlacesAndRemovesNotes() {
        var state = ComposerState(viewSize: TerminalSize(columns: 60, rows: 20))
        let layout = ScreenLayout(size: state.viewSize)
        let click = MouseEvent(column: layout.rollLeft + 3, row: layout.rollTop + 2, button: .left)
        _ = reduce(&state, .mouse(click))
        let pitch = state.scroll.topPitch - 2
        #expect(seedNotes(state) == [[pitch, 3, 4]])
        _ = reduce(&state, .mouse(click))
        #expect(seedNotes(state).isEmpty)
        _ = reduce(&state, .mouse(MouseEvent(column: 1, row: layout.rollTop, button: .left)))
        #expect(seedNotes(state).isEmpty)
    }

    @Test func spaceAsksToPlayFromTheCursorAndAgainToStop() {
        var state = ComposerState()
        press([.enter, .right], into: &state)
        let effects = press([.character(" ")], into: &state)
        #expect(effects == [.play(state.exportedTake, fromStep: 1)])
        #expect(state.isPlaying)
        #expect(press([.character(" ")], into: &state) == [.stopPlayback])
        #expect(!state.isPlaying)
    }

    @Test func theViewPagesWithThePlayheadAndReturnsToTheCursor() {
        var state = ComposerState(viewSize: TerminalSize(columns: 45, rows: 12))
        press([.enter], into: &state)
        // A trailing rest, so that the music lasts past step 100.
        state.document.score.length = 200
        press([.character(" ")], into: &state)
        // 120 BPM at 4 steps per quarter: 8 steps a second.
        _ = reduce(&state, .playbackClock(seconds: 12.5))
        #expect(state.playhead == 100)
        #expect(state.scroll.firstStep == 96)
        press([.right], into: &state)
        #expect(state.scroll.firstStep == 0)
        #expect(reduce(&state, .playbackClock(seconds: 25)) == [.stopPlayback])
        #expect(!state.isPlaying)
    }

    @Test func helpOverlayOpensAndAnyKeyClosesItWithoutActing() {
        var state = ComposerState()
        press(keys("?"), into: &state)
        #expect(state.mode == .help)
        press([.enter], into: &state)
        #expect(state.mode == .normal)
        #expect(seedNotes(state).isEmpty)
    }

    @Test func altArrivesAsEscapeThenTheKey() {
        var state = ComposerState()
        press([.character("i"), .character("z"), .alt("g")], into: &state)
        #expect(state.mode == .normal)
        #expect(seedNotes(state) == [[60, 0, 4]])
        #expect(state.generation.isRunning)
    }

    @Test func controlCQuits() {
        var state = ComposerState()
        #expect(press([.control("c")], into: &state) == [.quit])
        #expect(state.wantsQuit)
    }

    @Test func editsAskForAnAutosaveButCursorMovesDoNot() {
        var state = ComposerState()
        #expect(press([.right], into: &state).isEmpty)
        #expect(press([.enter], into: &state) == [.previewNote(pitch: 60, velocity: 90, program: 0), .saveSession])
        #expect(press(keys("]"), into: &state) == [.saveSession])
    }

    @Test func theViewFollowsTheCursorBothWays() {
        var state = ComposerState(viewSize: TerminalSize(columns: 45, rows: 12))
        let layout = ScreenLayout(size: state.viewSize)
        press(Array(repeating: Key.character("L"), count: 10), into: &state)
        #expect(state.scroll.firstStep > 0)
        #expect((state.scroll.firstStep..<state.scroll.firstStep + layout.rollColumns).contains(state.cursor.step))
        press(Array(repeating: Key.character("J"), count: 3), into: &state)
        let lowest = state.scroll.topPitch - layout.rollRows + 1
        #expect((lowest...state.scroll.topPitch).contains(state.cursor.pitch))
        press([.home], into: &state)
        #expect(state.scroll.firstStep == 0)
    }
}
