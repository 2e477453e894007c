import Foundation
import NeuraComposer
import NeuraMusic
import Testing

/// A file aimed at a folder that does not exist gets one message, whoever writes it: the CLI's
/// commands before they start work, and the composer's `:w` (which posts its writer's error
/// to the status line as it is).
@Suite struct WriteDestinationMessageTests {
    @Test func aMissingFolderGetsOneMessageFromTheCLIAndFromColonW() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-nodir-\(UUID().uuidString)")
        let target = folder.appendingPathComponent("take.mid").path
        let expected = "cannot write \(target): the folder \(folder.path) does not exist"

        let generate = try NeuraScoreBinary.run(["generate", "--seed-notes", "C4:1", "--length", "1", "-o", target])
        #expect(generate.exitCode != 0)
        #expect(generate.stderr.contains(expected), "\(generate.stderr)")

        let fixture = NeuraScoreBinary.repositoryFile("Tests/NeuraMusicTests/Fixtures/midi/music21-bwv66.6.mid").path
        let quantize = try NeuraScoreBinary.run(["quantize", fixture, "-o", target])
        #expect(quantize.exitCode != 0)
        #expect(quantize.stderr.contains(expected), "\(quantize.stderr)")

        let take = ExportedTake(seed: Score(notes: [Note(pitch: 60, start: 0, length: 4)]), generated: [], takeInfo: [:])
        #expect {
            try MIDIScoreFiles().writeTake(take, toPath: target)
        } throws: { error in
            "\(error)" == expected
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func trainingNamesTheMissingFolderInTheSameWords() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-nodir-\(UUID().uuidString)")
        let fixture = NeuraScoreBinary.repositoryFile("Tests/NeuraMusicTests/Fixtures/midi/music21-bwv66.6.mid").path
        let model = folder.appendingPathComponent("m.safetensors").path
        let result = try NeuraScoreBinary.run(["train", fixture, "--out", model, "--steps", "1"])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("the folder \(folder.path) does not exist"), "\(result.stderr)")
    }
}
