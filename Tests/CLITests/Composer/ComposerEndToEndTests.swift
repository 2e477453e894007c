import Foundation
import NeuraMusic
import Testing

/// The composer as a user drives it: a real terminal, real keys, a real model file and real
/// MIDI files. CI installs tmux; without it these are skipped, and say so.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed"), .serialized)
struct ComposerEndToEndTests {
    @Test func loadGenerateWriteAndQuit() throws {
        let harness = try ComposerHarness()
        defer { harness.cleanUp() }
        let tmux = harness.tmux
        let fixture = NeuraScoreBinary.repositoryFile("Tests/NeuraMusicTests/Fixtures/midi/music21-bwv66.6.mid")
        let (seed, _) = try ScoreFile.load(contentsOf: fixture)
        let output = harness.file("take.mid")
        try harness.launch("--new")
        try tmux.command(":e \(fixture.path)")
        try tmux.waitFor("opened", file: fixture)
        try tmux.command(":temp 0.8")
        try tmux.waitFor("temp 0.80")
        try tmux.command(":len 2")
        try tmux.waitFor("len 2 bars")
        try tmux.keys("g")
        let generated = try tmux.waitFor("variations: Tab cycles", timeout: 120)
        #expect(generated.contains("var 1/"))
        try tmux.keys("a")
        try tmux.command(":w \(output.path)")
        try tmux.waitFor("wrote", file: output)
        try tmux.command(":q")
        try tmux.waitForExit()

        let file = try MIDIReader.read(contentsOf: output).file
        let trackNames = file.tracks.compactMap { track in
            track.events.lazy.compactMap { event -> String? in
                guard case .meta(0x03, let data) = event.message else { return nil }
                return String(decoding: data, as: UTF8.self)
            }.first
        }
        #expect(trackNames.contains("Seed"))
        let (written, _) = try ScoreFile.load(contentsOf: output)
        let seedEnd = seed.notes.map(\.end).max() ?? 0
        let continuation = written.notes.filter { $0.start >= seedEnd }
        #expect(!continuation.isEmpty, "no generated notes after the seed")
        let stepsPerBar = seed.stepsPerQuarter * 4 * seed.timeSignature.numerator / seed.timeSignature.denominator
        #expect(continuation.allSatisfy { $0.start < seedEnd + 2 * stepsPerBar })
    }

    @Test func badInputGetsAStatusLineMessageAndTheNotesSurvive() throws {
        let harness = try ComposerHarness()
        defer { harness.cleanUp() }
        let tmux = harness.tmux
        try harness.launch("--new")
        try tmux.keys("Enter")
        // Each wait is for the outcome, not for the echo of the typed command: a file error
        // arrives from a worker, and the next command must not be typed before it is shown.
        try tmux.command(":e \(harness.file("missing.mid").path)")
        try tmux.waitFor("cannot read the file: no such file")
        try tmux.command(":frobnicate")
        try tmux.waitFor("unknown command :frobnicate")
        try tmux.command(":theme no-such-theme")
        try tmux.waitFor("theme no-such-theme not found")
        let missingFolder = harness.file("no-such-folder")
        try tmux.command(":w \(missingFolder.path)/take.mid")
        try tmux.waitFor("the folder …/no-such-folder does not exist")
        try tmux.command(":w /proc/neurascore-cannot-write.mid")
        try tmux.waitFor("cannot write", file: URL(fileURLWithPath: "/proc/neurascore-cannot-write.mid"))
        let output = harness.file("still-here.mid")
        try tmux.command(":w \(output.path)")
        try tmux.waitFor("wrote", file: output)
        try tmux.command(":q")
        try tmux.waitForExit()
        #expect(try ScoreFile.load(contentsOf: output).0.notes.count == 1)
    }

    @Test func aTerminalTooSmallSaysSoAndRecoversOnResize() throws {
        var harness = try ComposerHarness()
        defer { harness.cleanUp() }
        harness.width = 20
        harness.height = 5
        let tmux = harness.tmux
        let binary = try NeuraScoreBinary.url().path
        try tmux.start("env XDG_STATE_HOME='\(harness.folder.path)/state' NEURASCORE_MODELS='\(harness.folder.path)/models' "
                       + "LANG=C.UTF-8 '\(binary)' --new", width: 20, height: 5)
        try tmux.waitUntil("a too-small notice") { $0.lowercased().contains("small") }
        try tmux.run(["resize-window", "-t", tmux.session, "-x", "120", "-y", "40"])
        try tmux.waitFor("NORMAL")
        try tmux.command(":q")
        try tmux.waitForExit()
    }
}
