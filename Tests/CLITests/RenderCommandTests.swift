import Foundation
import NeuraAudio
import NeuraMusic
import Testing

private let soundFontInstalled = (try? SoundFont.locate(explicit: nil)) != nil

@Suite(.enabled(if: soundFontInstalled, "no General MIDI SoundFont installed (apt-get install timgm6mb-soundfont)"))
struct RenderCommandTests {
    private func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-render-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// C4 then E4, a quarter each at 100 BPM, written by our own MIDI writer.
    private func writeMelody(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("melody.mid")
        try ScoreFile.save(
            Score(tempo: 100, notes: [Note(pitch: 60, start: 0, length: 4), Note(pitch: 64, start: 4, length: 4)]),
            to: url)
        return url
    }

    @Test func rendersAWAVWhoseLengthFollowsTheTempo() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("melody.wav")
        let result = try NeuraScoreBinary.run([
            "render", try writeMelody(in: folder).path, "-o", output.path, "--sample-rate", "16000",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote \(output.path)"))
        #expect(result.stdout.contains("1.20 s of music"))
        // Not a terminal: plain progress lines, no redrawn bar.
        #expect(result.stderr.contains("render: "))
        #expect(!result.stderr.contains("\r"))
        let bytes = try [UInt8](Data(contentsOf: output))
        #expect(Array(bytes[0..<4]) == Array("RIFF".utf8))
        #expect(Array(bytes[22..<28]) == [2, 0, 0x80, 0x3E, 0, 0])  // stereo, 16000 Hz
        let frames = (bytes.count - 44) / 4
        #expect(frames > 16000 * 12 / 10)  // the 1.2 s of music and a tail
    }

    /// Music of whole seconds: the release tail carries the render's count to the total before
    /// the command reports the total itself, and the 100% line must still come once.
    @Test func theHundredPercentLineComesOnce() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let melody = folder.appendingPathComponent("second.mid")
        try ScoreFile.save(Score(tempo: 120, notes: [Note(pitch: 60, start: 0, length: 4), Note(pitch: 64, start: 4, length: 4)]), to: melody)
        let result = try NeuraScoreBinary.run(["render", melody.path, "-o", folder.appendingPathComponent("second.wav").path])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1.00 s of music"))
        #expect(result.stderr.components(separatedBy: "100%").count == 2, "one 100% line: \(result.stderr)")
    }

    @Test func badInputFailsNamingTheFileAndLeavesNoWAV() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let melody = try writeMelody(in: folder)
        let output = folder.appendingPathComponent("out.wav").path

        let fakeFont = folder.appendingPathComponent("fake.sf2")
        try Data("RIFF0000sfbkLIST".utf8).write(to: fakeFont)
        let notAFont = folder.appendingPathComponent("notes.txt")
        try Data("hello".utf8).write(to: notAFont)
        let garbageMIDI = folder.appendingPathComponent("garbage.mid")
        try Data("MThd not really".utf8).write(to: garbageMIDI)
        let emptyMIDI = folder.appendingPathComponent("empty.mid")
        try ScoreFile.save(Score(tempo: 120, length: 16), to: emptyMIDI)

        let cases: [(arguments: [String], mention: String, environment: [String: String])] = [
            (["--soundfont", "/nonexistent/font.sf2"], "/nonexistent/font.sf2", [:]),
            (["--soundfont", notAFont.path], notAFont.path, [:]),
            (["--soundfont", fakeFont.path], fakeFont.path, [:]),
            ([], "/nonexistent/env.sf2", ["NEURASCORE_SOUNDFONT": "/nonexistent/env.sf2"]),
        ]
        for (arguments, mention, environment) in cases {
            let result = try NeuraScoreBinary.run(["render", melody.path, "-o", output] + arguments, environment: environment)
            #expect(result.exitCode != 0, "\(arguments)")
            #expect(result.stderr.contains(mention), "\(result.stderr)")
            #expect(!result.stderr.contains("fluidsynth:"), "FluidSynth's own log leaked: \(result.stderr)")
        }
        for (input, mention) in [(garbageMIDI.path, garbageMIDI.path), (emptyMIDI.path, "no notes to render"),
                                 ("/nonexistent/in.mid", "/nonexistent/in.mid")] {
            let result = try NeuraScoreBinary.run(["render", input, "-o", output])
            #expect(result.exitCode != 0)
            #expect(result.stderr.contains(mention), "\(result.stderr)")
        }
        let unwritable = "/nonexistent-dir/out.wav"
        let result = try NeuraScoreBinary.run(["render", melody.path, "-o", unwritable])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains(unwritable))
        let badRate = try NeuraScoreBinary.run(["render", melody.path, "-o", output, "--sample-rate", "100"])
        #expect(badRate.exitCode != 0)
        #expect(badRate.stderr.contains("sample rate 100"))

        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("wav") }
        #expect(left.isEmpty, "partial output left behind: \(left)")
    }
}
