import NeuraMusic
import Testing
@testable import NeuraComposer

@Suite struct UndoAndSelectionTests {
    @Test func everyEditUndoesAndRedoes() {
        var state = ComposerState()
        press([.character("i")] + keys("zxc") + [.escape], into: &state)
        press(keys("u"), into: &state)
        #expect(seedNotes(state) == [[60, 0, 4], [62, 4, 4]])
        press(keys("uu"), into: &state)
        #expect(seedNotes(state).isEmpty)
        press(keys("u"), into: &state)
        #expect(state.message?.text == "nothing to undo")
        press([.control("r"), .control("r")], into: &state)
        #expect(seedNotes(state) == [[60, 0, 4], [62, 4, 4]])
        press([.enter], into: &state)
        #expect(state.redoStack.isEmpty)
    }

    @Test func aNewPieceAtAPathStartsEmptyWritesThereAndUndoesBack() {
        var state = ComposerState()
        press([.character("i")] + keys("zx") + [.escape], into: &state)
        _ = reduce(&state, .newPiece(path: "/tmp/songs/new.mid"))
        #expect(seedNotes(state).isEmpty)
        #expect(state.filePath == "/tmp/songs/new.mid")
        #expect(state.message?.text == "new piece /tmp/songs/new.mid: :w writes it there")
        let effects = press(keys(":w") + [.enter], into: &state)
        #expect(effects.contains { if case .writeFile("/tmp/songs/new.mid", _) = $0 { true } else { false } })
        press(keys("u"), into: &state)
        #expect(seedNotes(state) == [[60, 0, 4], [62, 4, 4]])
    }

    @Test func tempoCommandIsUndoable() {
        var state = ComposerState()
        press(keys(":tempo 90") + [.enter], into: &state)
        #expect(state.score.tempo == 90)
        press(keys("u"), into: &state)
        #expect(state.score.tempo == 120)
    }

    @Test func selectionCopyPasteDeleteAndTranspose() {
        var state = ComposerState()
        press([.character("i")] + keys("zxcv") + [.escape, .home], into: &state)
        // Select steps 0…7: the first two notes.
        press(keys("v") + Array(repeating: .right, count: 7), into: &state)
        #expect(state.selection == 0...7)
        press(keys("y"), into: &state)
        #expect(state.mode == .normal)
        #expect(state.clipboard.map { [$0.pitch, $0.start] } == [[60, 0], [62, 4]])
        press([.home] + keys("L") + [.right, .right, .right, .right] + keys("p"), into: &state)
        #expect(seedNotes(state) == [[60, 0, 4], [62, 4, 4], [64, 8, 4], [65, 12, 4], [60, 20, 4], [62, 24, 4]])

        press([.home] + keys("v") + Array(repeating: .right, count: 4) + keys("++-+"), into: &state)
        #expect(seedNotes(state).prefix(2).map(\.first!) == [62, 64])
        press(keys("d"), into: &state)
        #expect(seedNotes(state).map(\.first!) == [64, 65, 60, 62])
        press(keys("u"), into: &state)
        #expect(seedNotes(state).map(\.first!) == [62, 64, 64, 65, 60, 62])
    }

    @Test func transposingPastTheMIDIRangeIsRefused() {
        var state = ComposerState()
        state.cursor.pitch = 127
        press([.enter] + keys("v+"), into: &state)
        #expect(seedNotes(state) == [[127, 0, 4]])
        #expect(state.message?.isError == true)
    }

    @Test func pasteWithAnEmptyClipboardExplains() {
        var state = ComposerState()
        #expect(press(keys("p"), into: &state).isEmpty)
        #expect(state.message?.text.contains("clipboard is empty") == true)
    }
}
