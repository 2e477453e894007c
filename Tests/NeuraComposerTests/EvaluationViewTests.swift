import Foundation
import NeuraCore
import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraComposer

/// The evaluation view (`m`, `:eval`): the reducer asks the shell to measure the take, shows the
/// answer it waits for, and the renderer draws the take's figures on the reference's spread.
@Suite struct EvaluationViewTests {
    /// Reference figures as a model file holds them, with chosen percentiles.
    static let chorales: ReferenceFigures = {
        func metric(_ p: [Double]) -> String {
            #"{"count":41,"mean":\#(p[2]),"standardDeviation":0.1,"percentiles":{"p5":\#(p[0]),"p25":\#(p[1]),"p50":\#(p[2]),"p75":\#(p[3]),"p95":\#(p[4])}}"#
        }
        let json = """
            {"label":"chorales","corpus":["corpus/chorales/train"],"failedFiles":0,"neurascoreVersion":"0.1.0",
             "summary":{"pieceCount":41,
               "muspy":{"scaleConsistency":\(metric([0.89, 0.92, 0.94, 0.96, 0.98])),
                        "pitchClassEntropy":\(metric([2.78, 2.88, 2.96, 3.04, 3.13])),
                        "polyphony":\(metric([3.8, 3.9, 3.95, 4.1, 5.5])),
                        "emptyBeatRate":\(metric([0, 0, 0, 0.02, 0.05]))},
               "mgeval":{"averagePitchInterval":\(metric([1.5, 1.9, 2.3, 2.45, 2.6]))},
               "harmony":{}}}
            """
        return try! JSONDecoder().decode(ReferenceFigures.self, from: Data(json.utf8))
    }()

    /// C D E F G A B C in quarter notes: one voice, all in C major.
    static func scaleTake() -> ComposerState {
        var state = ComposerState(viewSize: TerminalSize(columns: 80, rows: 16))
        state.document.score.notes = [60, 62, 64, 65, 67, 69, 71, 72].enumerated().map {
            Note(pitch: $1, start: 4 * $0, length: 4)
        }
        return state
    }

    static func measureRequest(in effects: [Effect]) -> (id: Int, take: Score, model: String?)? {
        for effect in effects {
            if case .measureTake(let id, let take, let model) = effect { return (id, take, model) }
        }
        return nil
    }

    @Test func mAndEvalAskTheShellToMeasureWhatIsHeard() throws {
        var state = Self.scaleTake()
        state.document.variations = [Variation(notes: [SampledNote(note: Note(pitch: 74, start: 32, length: 4))])]
        let effects = press(keys("e"), into: &state)
        let request = try #require(Self.measureRequest(in: effects))
        #expect(request.take == state.audibleScore)
        #expect(request.take.notes.count == 9, "the seed and the current variation")
        #expect(request.model == nil)
        #expect(state.mode == .evaluation(.measuring(requestID: request.id)))
        #expect(state.mode.label == "EVAL")

        press([.escape], into: &state)
        #expect(state.mode == .normal)
        state.parameters.model = "folk"
        let viaCommand = press(keys(":eval") + [.enter], into: &state)
        #expect(Self.measureRequest(in: viaCommand)?.model == "folk")
        #expect(try Command.parse("eval") == .evaluate)
        #expect(throws: CommandError.self) { try Command.parse("eval now") }
    }

    @Test func anEmptyScoreHasNothingToMeasure() {
        var state = ComposerState()
        let effects = press(keys("e"), into: &state)
        #expect(effects.isEmpty)
        #expect(state.mode == .normal)
        #expect(state.message?.text == "nothing to evaluate: the score has no notes")
    }

    @Test func onlyTheAnswerTheViewWaitsForIsShown() throws {
        var state = Self.scaleTake()
        let first = try #require(Self.measureRequest(in: press(keys("e"), into: &state)))
        let evaluation = try TakeEvaluation(take: state.audibleScore, reference: Self.chorales, model: "chorale")
        _ = reduce(&state, .takeMeasured(requestID: first.id + 99, evaluation))
        #expect(state.mode == .evaluation(.measuring(requestID: first.id)))
        _ = reduce(&state, .takeMeasured(requestID: first.id, evaluation))
        #expect(state.mode == .evaluation(.ready(evaluation)))

        press(keys("x"), into: &state)
        #expect(state.mode == .normal, "any key closes the view and does nothing else")
        #expect(state.document.score.notes.count == 8)
        let second = try #require(Self.measureRequest(in: press(keys("e"), into: &state)))
        press([.escape], into: &state)
        _ = reduce(&state, .takeMeasurementFailed(requestID: second.id, message: "late"))
        #expect(state.mode == .normal, "an answer after the view closed is dropped")
    }

    @Test func tabMeasuresTheNextVariation() throws {
        var state = Self.scaleTake()
        state.document.variations = [
            Variation(notes: [SampledNote(note: Note(pitch: 74, start: 32, length: 4))]),
            Variation(notes: [SampledNote(note: Note(pitch: 76, start: 32, length: 8))]),
        ]
        let first = try #require(Self.measureRequest(in: press(keys("e"), into: &state)))
        let next = try #require(Self.measureRequest(in: press([.tab], into: &state)))
        #expect(state.document.currentVariation == 1)
        #expect(next.id != first.id)
        #expect(next.take.notes.last?.pitch == 76)
        #expect(state.mode == .evaluation(.measuring(requestID: next.id)))
        let back = try #require(Self.measureRequest(in: press([.backTab], into: &state)))
        #expect(back.take.notes.last?.pitch == 74)
    }

    @Test func theViewDrawsEachFigureOnTheReferencesSpread() throws {
        var state = Self.scaleTake()
        let evaluation = try TakeEvaluation(take: state.audibleScore, reference: Self.chorales, model: "chorale")
        state.mode = .evaluation(.ready(evaluation))
        let grid = render(state, size: state.viewSize, options: RenderOptions(unicode: false))
        // Where the box sits depends on the roll's height; what it says does not. Each line
        // starts with the roll's pitch label beside the box.
        let top = try #require(grid.lines.firstIndex { $0.contains("+- the take against") })
        #expect(Array(grid.lines[top...(top + 11)]).map { String($0.dropFirst()) } == [
            "+- the take against chorales (41 pieces) -----------------------------------+  ",
            "| 2 bars, 8 notes; in brackets the median of chorales                       |  ",
            "| in key                1.00 (0.94)   ..-------====|=====----....O.. ! high |  ",
            "| pitch-class entropy   2.75 (2.96)   ..O.-------=====|=====------.. ! low  |  ",
            "| polyphony              1.0 (4.0)    ..O..............-|=--------.. ! low  |  ",
            "| mean interval          1.7 (2.3)    ..-----O---=========|===----..        |  ",
            "| onset gap (beats)     1.00                                                |  ",
            "| empty beats           0.00 (0.00)   ..O==========---------------..        |  ",
            "| pitch range             12                                                |  ",
            "| - 5–95% of chorales  = middle half  | median  O take  ! far off           |  ",
            "| any key closes                                                            |  ",
            "+---------------------------------------------------------------------------+  ",
        ])
        // The far-off value, its marker and its flag stand out; a usual one's marker does not.
        let inKey = top + 2, meanInterval = top + 5
        let row = Array(grid.lines[inKey])
        let value = try #require(String(row).range(of: "1.00")).lowerBound.utf16Offset(in: String(row))
        #expect(grid[value, inKey].role == .statusError)
        let marker = try #require(row.lastIndex(of: "O"))
        #expect(grid[marker, inKey].role == .statusError)
        #expect(grid[try #require(row.firstIndex(of: "!")), inKey].role == .statusError)
        #expect(grid[try #require(row.firstIndex(of: "=")), inKey].role == .overlayTitle)
        #expect(grid[try #require(row.firstIndex(of: "-")), inKey].role == .overlayBorder)
        let usual = Array(grid.lines[meanInterval])
        #expect(grid[try #require(usual.firstIndex(of: "O")), meanInterval].role == .statusProgress)
    }

    @Test func withoutReferenceFiguresTheViewSaysHowToAddThem() throws {
        var state = Self.scaleTake()
        let evaluation = try TakeEvaluation(take: state.audibleScore, reference: nil, model: "folk")
        state.mode = .evaluation(.ready(evaluation))
        let grid = render(state, size: state.viewSize, options: RenderOptions(unicode: true))
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("─ the take ─"))
        #expect(text.contains("│ in key                1.00"))
        #expect(text.contains("│ no reference figures in folk; record its corpus's with"))
        #expect(text.contains("│   neurascore metrics CORPUS --record folk"))
        #expect(!text.contains("far off"))

        state.mode = .evaluation(.measuring(requestID: 1))
        let waiting = render(state, size: state.viewSize, options: RenderOptions(unicode: true))
        #expect(waiting.lines.joined().contains("│ measuring the take… "))
        #expect(waiting.lines[15].hasPrefix(" EVAL "))
        #expect(waiting[1, 15].role == .statusMode)
    }
}
