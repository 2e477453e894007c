import Foundation
import NeuraComposer
import NeuraMusic
import Testing

/// A composer killed at any moment comes back with the user's work: the session file is never
/// damaged, and at most the last keystroke that reached the screen is lost.
///
/// CI runs a few rounds; `NEURASCORE_KILL_ROUNDS=100 swift test --filter ComposerCrashTests`
/// runs the full hundred. The keys and kill moments come from a printed seed that
/// `NEURASCORE_KILL_SEED` sets (see `KillTestSeed`), so a failing round can be run again.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed"), .serialized)
struct ComposerCrashTests {
    static let rounds = ProcessInfo.processInfo.environment["NEURASCORE_KILL_ROUNDS"].flatMap(Int.init) ?? 8
    /// Piano-entry keys, C to B of the current octave.
    static let pianoKeys = ["z", "x", "c", "v", "b", "n", "m"]

    @Test func killedAtRandomMomentsItLosesAtMostTheLastKeystroke() throws {
        let harness = try ComposerHarness()
        defer { harness.cleanUp() }
        let tmux = harness.tmux
        let seed = KillTestSeed(test: "ComposerCrashTests")
        var rng = seed.generator
        var savedNotes = 0
        for round in 0..<Self.rounds {
            try harness.launch(round == 0 ? "--new" : "")
            let duringGeneration = round % 3 == 2
            var confirmed = savedNotes
            var sent = savedNotes
            if duringGeneration {
                try tmux.command(":len 16")
                try tmux.waitFor("len 16 bars")
                try tmux.keys("g")
                Thread.sleep(forTimeInterval: Double.random(in: 0...0.3, using: &rng))
            } else {
                try tmux.keys("i")
                try tmux.waitFor("PIANO")
                let keystrokes = Int.random(in: 1...6, using: &rng)
                let killAfter = Int.random(in: 1...keystrokes, using: &rng)
                for index in 1...keystrokes {
                    let before = ComposerHarness.statusLine(of: try tmux.screen())
                    try tmux.keys(Self.pianoKeys.randomElement(using: &rng)!)
                    sent += 1
                    if index == killAfter {
                        // Kill at a random moment: before, while or after the key is handled.
                        Thread.sleep(forTimeInterval: Double.random(in: 0...0.05, using: &rng))
                        break
                    }
                    try tmux.waitUntil("the cursor to advance") { ComposerHarness.statusLine(of: $0) != before }
                    confirmed += 1
                }
            }
            try tmux.killProgramHard()

            let notes: [Note]
            switch try harness.sessionStore.load() {
            case .restored(let session): notes = session.document.score.notes
            case .noSession:
                // Only a kill before the first edit reached the disk leaves no session at all.
                guard savedNotes == 0 else {
                    Issue.record("round \(round), \(seed): no session after the kill, though \(savedNotes) notes were saved")
                    return
                }
                notes = []
            case .movedAside(_, let problem):
                Issue.record("round \(round), \(seed): the session file was damaged: \(problem)")
                return
            }
            #expect(notes.count >= confirmed - 1 && notes.count <= sent,
                    "round \(round), \(seed): \(notes.count) notes restored; \(confirmed) were on screen, \(sent) sent")
            #expect(notes.count >= savedNotes || round == 0, "round \(round), \(seed): earlier notes were lost")
            savedNotes = notes.count
        }
    }

    @Test(arguments: [("TERM", SIGTERM), ("HUP", SIGHUP), ("INT", SIGINT)])
    func aSignalRestoresTheTerminalAndSavesTheSession(name: String, signal: Int32) throws {
        try expectNotesSurvive(signal, name: name, settle: 0)
    }

    /// A crash cannot run Swift code, so it cannot save; the autosave already on disk is what
    /// survives, and the shim still takes the terminal out of the composer's screen.
    @Test(arguments: [("SEGV", SIGSEGV), ("ABRT", SIGABRT)])
    func aCrashRestoresTheTerminalAndKeepsTheAutosave(name: String, signal: Int32) throws {
        try expectNotesSurvive(signal, name: name, settle: 0.5)
    }

    /// Puts C4 and C#4, waits `settle` seconds, sends `signal`, then checks the terminal left
    /// the composer's screen and the session on disk holds both notes.
    private func expectNotesSurvive(_ signal: Int32, name: String, settle: TimeInterval) throws {
        let harness = try ComposerHarness()
        defer { harness.cleanUp() }
        let tmux = harness.tmux
        try harness.launch("--new")
        try tmux.keys("Enter", "l", "k", "Enter")
        try tmux.waitFor("NORMAL  C#4")
        Thread.sleep(forTimeInterval: settle)
        let pid = try #require(try tmux.programPID())
        kill(pid, signal)
        try tmux.waitForExit()
        let alternateScreen = try tmux.run(["display-message", "-p", "-t", tmux.session, "#{alternate_on}"])
        #expect(alternateScreen.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "SIG\(name) left the terminal in the composer's screen")
        guard case .restored(let session) = try harness.sessionStore.load() else {
            Issue.record("SIG\(name): no readable session afterwards")
            return
        }
        #expect(session.document.score.notes.map(\.pitch) == [60, 61], "SIG\(name)")
    }
}
