import Foundation
import NeuraMusic
import Testing
@testable import NeuraComposer

/// A terminal that plays a script: each step waits until a frame shows some text, then types.
/// It stands in for ncurses the way swift-nio's embedded channel stands in for a socket.
final class ScriptedTerminal: TerminalDevice {
    struct Step {
        var waitFor: String
        var inputs: [TerminalInput]
    }

    let size: TerminalSize
    let supportsUnicode = false
    let colorDepth = ColorDepth.none
    private var steps: [Step]
    private var pending: [TerminalInput] = []
    private var descriptors: [Int32] = [-1, -1]
    // Only a guard against a hang: a loaded machine running every suite at once can be slow.
    private let deadline = Date().addingTimeInterval(90)
    private(set) var lastFrame: CellGrid?
    private(set) var frameCount = 0
    private(set) var timedOut = false

    init(size: TerminalSize, steps: [Step]) {
        self.size = size
        self.steps = steps
        _ = pipe(&descriptors)
    }

    deinit { descriptors.forEach { close($0) } }

    var inputDescriptor: Int32 { descriptors[0] }

    func draw(_ grid: CellGrid) {
        lastFrame = grid
        frameCount += 1
        let text = grid.lines.joined(separator: "\n")
        if let step = steps.first, text.contains(step.waitFor) {
            steps.removeFirst()
            queue(step.inputs)
        } else if Date() > deadline, !timedOut {
            timedOut = true
            queue([.key(.control("c"))])
        }
    }

    private func queue(_ inputs: [TerminalInput]) {
        pending += inputs
        var byte: UInt8 = 1
        _ = write(descriptors[1], &byte, 1)
    }

    func readInputs() -> [TerminalInput] {
        var scratch = [UInt8](repeating: 0, count: 64)
        if !pending.isEmpty { _ = read(descriptors[0], &scratch, scratch.count) }
        defer { pending.removeAll() }
        return pending
    }

    func setTheme(_ theme: Theme) {}
    func invalidate() {}
    func restore() {}

    var unfinishedSteps: [String] { steps.map(\.waitFor) }
}

func typing(_ text: String) -> [TerminalInput] {
    text.map { .key(.character($0)) }
}

@Suite struct ComposerLoopTests {
    func services(store: SessionStore, generator: (any NoteGenerator)?) -> ComposerServices {
        ComposerServices(generator: generator, files: nil, sessionStore: store,
                         themes: ThemeLocator(userDirectory: nil, bundledDirectories: []))
    }

    func temporaryStore() -> SessionStore {
        SessionStore(path: FileManager.default.temporaryDirectory
            .appendingPathComponent("neurascore-loop-\(UUID().uuidString)/session.json").path)
    }

    @Test func typeGenerateAcceptAndQuitThenTheSessionComesBack() throws {
        let store = temporaryStore()
        let terminal = ScriptedTerminal(size: TerminalSize(columns: 80, rows: 24), steps: [
            .init(waitFor: "NORMAL", inputs: typing("izxc") + [.key(.escape)] + typing("g")),
            .init(waitFor: "3 variations", inputs: [.key(.tab)] + typing("a")),
            .init(waitFor: "accepted 16 notes", inputs: typing(":q") + [.key(.enter)]),
        ])
        let app = ComposerApp(options: ComposerOptions(startNew: true), services: services(store: store, generator: ScaleWalkGenerator()))
        app.run(on: terminal)
        #expect(!terminal.timedOut)
        #expect(terminal.unfinishedSteps.isEmpty)
        #expect(app.finalState.document.score.notes.count == 3 + 16)
        #expect(app.finalState.document.score.notes[3].pitch == 66)

        guard case .restored(let session) = try store.load() else {
            Issue.record("the session was not saved at exit")
            return
        }
        #expect(session.document == app.finalState.document)

        let again = ScriptedTerminal(size: TerminalSize(columns: 80, rows: 24), steps: [
            .init(waitFor: "restored the last session", inputs: typing("u:q") + [.key(.enter)]),
        ])
        let second = ComposerApp(options: ComposerOptions(), services: services(store: store, generator: nil))
        second.run(on: again)
        #expect(again.unfinishedSteps.isEmpty)
        #expect(second.finalState.document.score.notes.count == 3)
        #expect(second.finalState.document.variations.count == 3)
    }

    @Test func withoutAGeneratorOrMIDIServiceTheStatusLineSaysSo() {
        let terminal = ScriptedTerminal(size: TerminalSize(columns: 120, rows: 24), steps: [
            .init(waitFor: "NORMAL", inputs: typing("g")),
            .init(waitFor: "generation failed: no generator in this build", inputs: typing(":w out.mid") + [.key(.enter)]),
            .init(waitFor: "cannot write out.mid: MIDI writing is not linked", inputs: [.key(.control("c"))]),
        ])
        let app = ComposerApp(options: ComposerOptions(startNew: true), services: services(store: temporaryStore(), generator: nil))
        app.run(on: terminal)
        #expect(terminal.unfinishedSteps.isEmpty)
        #expect(app.finalState.generation == .failed("no generator in this build (the LSTM session is not linked)"))
    }

    @Test func aDamagedSessionIsReportedAndTheComposerStartsEmpty() throws {
        let store = temporaryStore()
        try FileManager.default.createDirectory(
            atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "{ not json".write(toFile: store.path, atomically: true, encoding: .utf8)
        let terminal = ScriptedTerminal(size: TerminalSize(columns: 160, rows: 24), steps: [
            .init(waitFor: "the saved session was damaged", inputs: [.key(.control("c"))]),
        ])
        let app = ComposerApp(options: ComposerOptions(), services: services(store: store, generator: nil))
        app.run(on: terminal)
        #expect(terminal.unfinishedSteps.isEmpty)
        #expect(app.finalState.document.score.notes.isEmpty)
        let directory = (store.path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).contains { $0.hasPrefix("session.json.corrupt-") })
    }
}
