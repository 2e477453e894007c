import Foundation
import NeuraMusic
import Testing

/// Typing mistakes on the command line get a message that names the mistake and a usage
/// exit status (64), not another command's usage or the composer.
@Suite struct CommandLineMistakeTests {
    @Test func aMistypedCommandIsNamedWithTheNearestCommand() throws {
        let result = try NeuraScoreBinary.run(["generat", "--seed-notes", "C4:1", "--length", "1", "-o", "/tmp/x.mid"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("unknown command 'generat' — did you mean generate?"), "\(result.stderr)")
        #expect(!result.stderr.contains("compose".appending(" [<file>]")), "the composer's usage came back: \(result.stderr)")
        let short = try NeuraScoreBinary.run(["rendr", "x.mid"])
        #expect(short.exitCode == 64)
        #expect(short.stderr.contains("did you mean render?"), "\(short.stderr)")
    }

    @Test func aWordThatIsNeitherACommandNorAFileIsAnUnknownCommand() throws {
        let result = try NeuraScoreBinary.run(["frobnicate"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("unknown command 'frobnicate'"), "\(result.stderr)")
        #expect(!result.stderr.contains("did you mean"))
        #expect(!result.stderr.contains("terminal"), "it reached the composer: \(result.stderr)")
    }

    @Test func aMIDIFileNameOrAnExistingFileStillGoesToTheComposer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-words-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let existing = folder.appendingPathComponent("generat")
        #expect(FileManager.default.createFile(atPath: existing.path, contents: Data()))
        for argument in ["new.mid", "Song.MIDI", existing.path] {
            let result = try NeuraScoreBinary.run([argument])
            // Without a terminal the composer refuses to start: the word reached it.
            #expect(result.stderr.contains("the composer needs a terminal"), "\(argument): \(result.stderr)")
            #expect(!result.stderr.contains("unknown command"))
        }
    }

    @Test func aNegativeNumberReachesTheOptionsOwnCheck() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-negative-\(UUID().uuidString).mid")
        let length = try NeuraScoreBinary.run(["generate", "--seed-notes", "C4:1", "--length", "-3", "-o", output.path])
        #expect(length.exitCode != 0)
        #expect(length.stderr.contains("length must be") && length.stderr.contains("(got -3)"), "\(length.stderr)")
        #expect(!length.stderr.contains("Missing value"))
        let temperature = try NeuraScoreBinary.run([
            "generate", "--seed-notes", "C4:1", "--length", "1", "--temperature", "-0.5", "-o", output.path,
        ])
        #expect(temperature.exitCode != 0)
        #expect(temperature.stderr.contains("temperature must be") && temperature.stderr.contains("(got -0.5)"), "\(temperature.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}

/// The composer side of the same rule: `neurascore new.mid` opens an empty piece that `:w`
/// writes to new.mid.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed"), .serialized)
struct NewPieceFromTheCommandLineTests {
    @Test func aMissingMIDIFileOpensANewPieceThatWWritesThere() throws {
        let harness = try ComposerHarness()
        defer { harness.cleanUp() }
        let tmux = harness.tmux
        let target = harness.file("new.mid")
        try harness.launch("'\(target.path)'")
        try tmux.waitFor("new piece", file: target)
        try tmux.keys("Enter")
        try tmux.command(":w")
        try tmux.waitFor("wrote", file: target)
        try tmux.command(":q")
        try tmux.waitForExit()
        let (score, _) = try ScoreFile.load(contentsOf: target)
        #expect(score.notes.map(\.pitch) == [60])
    }
}
