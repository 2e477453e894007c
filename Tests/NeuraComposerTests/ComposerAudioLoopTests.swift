import Foundation
import NeuraAudio
import NeuraMusic
import Testing
@testable import NeuraComposer

/// The shell's side of sound: the audio output opened in the background, `:render` on its queue.
@Suite struct ComposerAudioLoopTests {
    func services(audio: ComposerAudio?) -> ComposerServices {
        let store = SessionStore(path: FileManager.default.temporaryDirectory
            .appendingPathComponent("neurascore-audio-loop-\(UUID().uuidString)/session.json").path)
        return ComposerServices(generator: nil, files: nil, sessionStore: store,
                                themes: ThemeLocator(userDirectory: nil, bundledDirectories: []), audio: audio)
    }

    @Test func withoutAudioThePlayheadRunsAndTheStatusLineSaysWhy() {
        let terminal = ScriptedTerminal(size: TerminalSize(columns: 120, rows: 24), steps: [
            // A first command lets the start-up report of the audio output arrive before Space.
            .init(waitFor: "NORMAL", inputs: typing(":tempo 200") + [.key(.enter)]),
            .init(waitFor: "tempo 200 BPM", inputs: typing("izxc") + [.key(.escape), .key(.home), .key(.character(" "))]),
            .init(waitFor: "no sound: this build has no audio output", inputs: typing(":render take.wav") + [.key(.enter)]),
            .init(waitFor: "cannot render take.wav: this build has no audio rendering", inputs: [.key(.control("c"))]),
        ])
        let app = ComposerApp(options: ComposerOptions(startNew: true), services: services(audio: nil))
        app.run(on: terminal)
        #expect(terminal.unfinishedSteps.isEmpty)
        #expect(app.finalState.audioOutput == .failed("this build has no audio output"))
    }

    @Test(.enabled(if: (try? SoundFont.locate(explicit: nil)) != nil, "no General MIDI SoundFont installed"))
    func renderWritesTheSessionToAWAVOffTheUIThread() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("take.wav").path
        let terminal = ScriptedTerminal(size: TerminalSize(columns: 160, rows: 24), steps: [
            .init(waitFor: "NORMAL", inputs: typing("izxc") + [.key(.escape)] + typing(":render \(path)") + [.key(.enter)]),
            .init(waitFor: "rendered \(path)", inputs: [.key(.control("c"))]),
        ])
        let app = ComposerApp(options: ComposerOptions(startNew: true), services: services(audio: ComposerAudio()))
        app.run(on: terminal)
        #expect(terminal.unfinishedSteps.isEmpty)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes[0..<4]) == Array("RIFF".utf8))
        // Three quarters at 120 BPM: 1.5 s of music at 44.1 kHz, then the tail.
        #expect((bytes.count - WAVFile.headerSize) / 4 > 44_100 * 3 / 2)
    }
}
