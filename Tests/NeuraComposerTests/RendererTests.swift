import NeuraCore
import NeuraMusic
import Testing
@testable import NeuraComposer

@Suite struct RendererTests {
    /// C D E typed in piano entry, and a generated F of six steps with three entropy readings.
    func smallScene() -> ComposerState {
        var state = ComposerState(viewSize: TerminalSize(columns: 40, rows: 10))
        press([.character("i")] + keys("zxc") + [.escape], into: &state)
        state.document.variations = [
            Variation(notes: [SampledNote(note: Note(pitch: 65, start: 12, length: 6))],
                      entropyByStep: [12: 0.5, 13: 2.0, 14: 3.9])
        ]
        return state
    }

    @Test func asciiFrame() {
        let state = smallScene()
        let grid = render(state, size: state.viewSize, options: RenderOptions(unicode: false))
        #expect(grid.lines == [
            " NeuraScore | model chorale | tempo 120 ",
            "     1   .   .   .   2   .   .   .   3  ",
            "F#4  |   :   :   :   |   :   :   :   |  ",
            "F4   |   :   :   {~~~~~  :   :   :   |  ",
            "E4   |   :   [===+   |   :   :   :   |  ",
            "D#4  |   :   :   :   |   :   :   :   |  ",
            "D4   |   [===:   :   |   :   :   :   |  ",
            "                 .-@     . sure @ unsure",
            " = 1 Part 1: 0 Acoustic Grand Piano     ",
            " NORMAL  E4 1:4:1  len 1/4      var 1/1 ",
        ])
        #expect(grid.roleLine(3) == "wwww-............GGGGGG.................")
        #expect(grid.roleLine(4) == "CCCC-........SSSSC......................")
        #expect(grid.roleLine(5) == "bbbb-...................................")
        #expect(grid.roleLine(7) == "-----------------123-----1------3-------")
        // The legend: the part's colour, then its name in the cursor's colours (notes go there).
        #expect(grid.roleLine(8) == "-S-" + String(repeating: "C", count: 32) + "-----")
    }

    @Test func unicodeFrame() {
        let state = smallScene()
        let grid = render(state, size: state.viewSize, options: RenderOptions(unicode: true))
        #expect(grid.lines == [
            " NeuraScore │ model chorale │ tempo 120 ",
            "     1   ·   ·   ·   2   ·   ·   ·   3  ",
            "F#4  │   ┊   ┊   ┊   │   ┊   ┊   ┊   │  ",
            "F4   │   ┊   ┊   ▐▓▓▓▓▓  ┊   ┊   ┊   │  ",
            "E4   │   ┊   ▐███┼   │   ┊   ┊   ┊   │  ",
            "D#4  │   ┊   ┊   ┊   │   ┊   ┊   ┊   │  ",
            "D4   │   ▐███┊   ┊   │   ┊   ┊   ┊   │  ",
            "                 ▁▃█     ▁ sure █ unsure",
            " █ 1 Part 1: 0 Acoustic Grand Piano     ",
            " NORMAL  E4 1:4:1  len 1/4      var 1/1 ",
        ])
    }

    @Test func headerNamesEveryParameterWhenThereIsRoom() {
        var state = smallScene()
        state.parameters.controls.scale = try! Scale(tonic: 2, mode: "dorian")
        state.filePath = "/tmp/song.mid"
        state.isDirty = true
        let grid = render(state, size: TerminalSize(columns: 160, rows: 10), options: RenderOptions(unicode: false))
        #expect(grid.lines[0].trimmingWhitespace() ==
            "NeuraScore | model chorale | tempo 120 | 4/4 | temp 1.00 | len 4 bars | top-p 0.95 | seed 42 | scale D dorian | song.mid [+]")
    }

    @Test func aNarrowHeaderDropsWholeFieldsFromTheEndAndKeepsTheFile() {
        var state = smallScene()
        state.filePath = "/tmp/song.mid"
        let grid = render(state, size: TerminalSize(columns: 80, rows: 10), options: RenderOptions(unicode: false))
        #expect(grid.lines[0].trimmingWhitespace() ==
            "NeuraScore | model chorale | tempo 120 | 4/4 | temp 1.00 | song.mid [+]")
    }

    @Test func selectionPlayheadAndProgress() {
        var state = smallScene()
        press([.home] + keys("v") + [.right, .right], into: &state)
        state.playhead = 6
        state.generation = .running(jobID: 1, progress: 0.45)
        let grid = render(state, size: state.viewSize, options: RenderOptions(unicode: false))
        #expect(grid.lines[1] == "     1   . v .   .   2   .   .   .   3  ")
        #expect(grid.roleLine(5) == "bbbb-VVV...P............................")
        #expect(grid.lines[9] == " SELECT  E4 1:1:3  l gen ####------ 45% ")
    }

    @Test func commandLineReplacesTheStatusLine() {
        var state = smallScene()
        press(keys(":temp 0.8"), into: &state)
        let grid = render(state, size: state.viewSize, options: RenderOptions(unicode: false))
        #expect(grid.lines[9] == ":temp 0.8#                              ")
    }

    @Test func aLongMessageKeepsItsFileNameAndReason() {
        var state = smallScene()
        state.message = StatusMessage(
            "/home/someone/music/chorales/2026/drafts/missing.mid: cannot read the file: no such file", isError: true)
        let grid = render(state, size: TerminalSize(columns: 90, rows: 10), options: RenderOptions(unicode: false))
        #expect(grid.lines[9].hasPrefix(" NORMAL  E4 1:4:1  len 1/4  …/missing.mid: cannot read the file: no such file"))
    }

    @Test(arguments: [
        ("short enough", 20, "short enough"),
        ("/a/b/c/take.mid: cannot write the file: disk full", 44, "…/take.mid: cannot write the file: disk full"),
        ("folder /a/b/c/ is empty", 20, "folder …/c/ is empty"),
        ("no paths here but far too long a message", 21, "no paths h… a message"),
        ("abc", 2, "ab"),
    ])
    func statusTextFits(text: String, width: Int, expected: String) {
        let fitted = text.fitted(toWidth: width)
        #expect(fitted == expected)
        #expect(fitted.count <= width)
    }

    @Test func helpOverlayIsABoxOverTheRoll() {
        var state = smallScene()
        state.mode = .help
        let grid = render(state, size: TerminalSize(columns: 60, rows: 32), options: RenderOptions(unicode: true))
        #expect(grid.lines[1] == "┌─ keys ───────────────────────────────────────────────────┐")
        #expect(grid.lines[2].hasPrefix("│ arrows h j k l      move in time / pitch"))
        #expect(grid.lines.contains { $0 == "│ G                   harmonise: parts under the melody    │" })
        #expect(grid.lines.contains { $0 == "│                     cadence parallels style model theme  │" })
        #expect(grid.lines[30] == "└──────────────────────────────────────────────────────────┘")
        let cramped = render(state, size: TerminalSize(columns: 60, rows: 12), options: RenderOptions(unicode: false))
        #expect(cramped.lines[9].contains("… (enlarge the window)"))
    }

    @Test func alternativesOverlayListsTheModelsChoices() {
        var state = smallScene()
        state.document.variations[0].notes[0].alternatives = [
            NoteAlternative(pitch: 65, probability: 0.62), NoteAlternative(pitch: 67, probability: 0.2),
        ]
        state.cursor = Cursor(step: 13, pitch: 65)
        press(keys("o"), into: &state)
        let grid = render(state, size: TerminalSize(columns: 60, rows: 14), options: RenderOptions(unicode: false))
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("| 1  F4   62.0%  (in the take)"))
        #expect(text.contains("| 2  G4   20.0%"))
    }

    @Test func anEmptyFirstScreenHintsAtHelpAndCentresTheRollOnC4ToC5() {
        var state = ComposerState()
        _ = reduce(&state, .resize(TerminalSize(columns: 80, rows: 24)))
        let lines = render(state, size: state.viewSize, options: RenderOptions(unicode: true)).lines
        #expect(lines.map { String($0.prefix(4)) }[2...20] == [
            "D#5 ", "D5  ", "C#5 ", "C5  ", "B4  ", "A#4 ", "A4  ", "G#4 ", "G4  ",
            "F#4 ", "F4  ", "E4  ", "D#4 ", "D4  ", "C#4 ", "C4  ", "B3  ", "A#3 ", "A3  ",
        ])
        #expect(lines[8] == "A4   │ An empty score. Enter puts a note at the cursor, i plays the keyboard,   ")
        #expect(lines[9] == "G#4  │ g lets the model continue your notes, ? lists every key.                 ")
        #expect(lines[21] == "     after g, how unsure the model was at each step: ▁ sure █ unsure            ")
        #expect(lines[22] == " █ 1 Part 1: 0 Acoustic Grand Piano               t T part, :part NAME adds one ")
        // One note, and the hint gives the roll back to the music.
        press([.enter], into: &state)
        let written = render(state, size: state.viewSize, options: RenderOptions(unicode: true)).lines
        #expect(!written.joined().contains("? lists every key"))
    }

    @Test func theEntropyStripShadesDoubtPerNoteSoChordsDoNotAllTopTheScale() {
        var state = ComposerState(viewSize: TerminalSize(columns: 40, rows: 10))
        // Four-note chords on each beat, as the chorale model writes them: 8.8 nats over four
        // notes is an ordinary 2.2 per note; the third beat's 17.6 (4.4 per note) is a guess.
        // The melody note between them was nearly certain, and nothing was decided elsewhere.
        let chord = { (step: Int) in [48, 55, 64, 72].map { SampledNote(note: Note(pitch: $0, start: step, length: 4)) } }
        state.document.variations = [
            Variation(notes: chord(0) + chord(4) + chord(8) + [SampledNote(note: Note(pitch: 74, start: 10, length: 2))],
                      entropyByStep: [0: 8.8, 4: 8.8, 8: 17.6, 10: 1.1, 1: 0, 2: 0])
        ]
        let grid = render(state, size: state.viewSize, options: RenderOptions(unicode: true))
        #expect(grid.lines[7] == "     ▄   ▄   █ ▁  model: ▁ sure █ unsure")
        #expect(grid.roleLine(7) == "-----2---2---3-1---------1------3-------")
    }

    @Test func atEightyColumnsAMessageKeepsItsFileNameAndItsReason() {
        var state = ComposerState()
        state.document.variations = [Variation(), Variation(), Variation()]
        state.message = StatusMessage(
            "cannot write /home/someone/music/drafts/take.mid: the folder /home/someone/music/drafts does not exist",
            isError: true)
        let lines = render(state, size: TerminalSize(columns: 80, rows: 24), options: RenderOptions(unicode: true)).lines
        #expect(lines[23] == " NORMAL   cannot write …/take.mid: the folder …/drafts does not exist   var 1/3 ")
        state.message = StatusMessage("undid: generate 4 bars")
        let short = render(state, size: TerminalSize(columns: 80, rows: 24), options: RenderOptions(unicode: true)).lines
        #expect(short[23] == " NORMAL  C4 1:1:1  len 1/4  undid: generate 4 bars                      var 1/3 ")
    }

    @Test func tooSmallTerminalSaysSo() {
        let grid = render(ComposerState(), size: TerminalSize(columns: 30, rows: 6), options: RenderOptions(unicode: true))
        #expect(grid.lines == [
            "                              ",
            "                              ",
            "      terminal too small      ",
            "    need 40x10, have 30x6     ",
            "                              ",
            "                              ",
        ])
    }

    @Test func everyResizeGivesAFullFrame() {
        var state = smallScene()
        for (columns, rows) in [(40, 10), (41, 11), (120, 40), (10, 3), (0, 0), (200, 60)] {
            let size = TerminalSize(columns: columns, rows: rows)
            _ = reduce(&state, .resize(size))
            let grid = render(state, size: size, options: RenderOptions(unicode: true))
            #expect(grid.lines.count == rows)
            #expect(grid.lines.allSatisfy { $0.unicodeScalars.count == columns })
        }
    }

    /// Three voices of a chorale in their own colours, a generated alto note in the alto's, and
    /// the legend: each part's colour, name and program, the current part in the cursor's colours,
    /// a muted part greyed out and marked.
    func threePartScene(columns: Int) -> ComposerState {
        var state = ComposerState(viewSize: TerminalSize(columns: columns, rows: 10))
        state.document.score = Score(
            notes: [Note(pitch: 65, start: 0, length: 4, part: 0), Note(pitch: 64, start: 4, length: 4, part: 1),
                    Note(pitch: 62, start: 8, length: 4, part: 2)],
            parts: [Part(name: "Soprano", program: 52), Part(name: "Alto", program: 52), Part(name: "Bass", program: 32)])
        state.document.variations = [Variation(notes: [SampledNote(note: Note(pitch: 65, start: 12, length: 4, part: 1))])]
        state.currentPart = 1
        state.playback.muted = [2]
        state.cursor = Cursor(step: 20, pitch: 63)
        state.scroll = ScrollOffset(firstStep: 0, topPitch: 66)
        return state
    }

    @Test func eachPartHasItsColourAndTheLegendSaysWhichIsWhich() {
        let state = threePartScene(columns: 80)
        let grid = render(state, size: state.viewSize, options: RenderOptions(unicode: false))
        #expect(grid.lines[3] == "F4   [===:   :   {~~~|   :   :   :   |   :   :   :   |   :   :   :   |   :   :  ")
        #expect(grid.roleLine(3) == "wwww-SSSS........HHHH" + String(repeating: ".", count: 59))
        #expect(grid.roleLine(4).dropFirst(5).prefix(12) == "....TTTT....")
        #expect(grid.roleLine(6).dropFirst(5).prefix(12) == "........UUUU")
        // Too narrow for the programs' names: their numbers.
        #expect(grid.lines[8] == " = 1 Soprano 52  = 2 Alto 52  = 3 Bass 32 muted        t T part, m mute, s solo ")
        #expect(grid.roleLine(8).prefix(48) == "-S---------------T-CCCCCCCCC--------------------")
        // Narrower still, without the hint; then the names alone.
        let narrower = render(threePartScene(columns: 50), size: TerminalSize(columns: 50, rows: 10),
                              options: RenderOptions(unicode: false))
        #expect(narrower.lines[8] == " = 1 Soprano 52  = 2 Alto 52  = 3 Bass 32 muted   ")
        let narrowest = render(threePartScene(columns: 40), size: TerminalSize(columns: 40, rows: 10),
                               options: RenderOptions(unicode: false))
        #expect(narrowest.lines[8] == " = 1 Soprano  = 2 Alto  = 3 Bass (m)    ")
    }

    @Test func aMutedPartsSwatchIsGreyAndAWideLegendHintsAtTheKeys() {
        var state = threePartScene(columns: 120)
        state.playback.soloed = [0]
        let grid = render(state, size: state.viewSize, options: RenderOptions(unicode: false))
        #expect(grid.lines[8].hasPrefix(" = 1 Soprano: 52 Choir Aahs, solo  = 2 Alto: 52 Choir Aahs  = 3 Bass: 32 Acoustic Bass, muted"))
        #expect(grid.lines[8].hasSuffix("t T part, m mute, s solo "))
        // Soloing the soprano silences the others: only its swatch keeps its colour.
        #expect(grid[1, 8].role == .seedNote)
        #expect(grid[35, 8] == Cell("=", .ruler))
        #expect(grid[3, 8].role == .ruler)
    }
}
