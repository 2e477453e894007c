import Foundation
import NeuraMusic
import Testing
@testable import NeuraAudio

/// The live player on FluidSynth's file driver: its own audio thread and the sequencer on the
/// sample clock, as with a sound card, with the sound landing in a file the test can read.
@Suite(.enabled(if: installedSoundFont != nil, "no General MIDI SoundFont installed (apt-get install timgm6mb-soundfont)"))
struct LivePlayerTests {
    static let sampleRate = 22_050

    /// Runs `body` with a player writing to a raw file, then returns that file's samples.
    func recording(_ body: (LivePlayer) -> Void) throws -> RenderedAudio {
        let font = try #require(installedSoundFont)
        let directory = try AudioFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("live.raw").path
        do {
            let player = try LivePlayer.openWritingRawFile(soundFont: font, path: path, sampleRate: Self.sampleRate)
            body(player)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let samples = data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }.map { Int16(littleEndian: $0) }
        return RenderedAudio(sampleRate: Self.sampleRate, samples: samples, musicFrames: samples.count / 2)
    }

    @Test func playsTheScheduleOnTheAudioThreadWithoutBlockingTheCaller() throws {
        let audio = try recording { player in
            let started = Date()
            player.play(AudioSchedule(file: AudioFixtures.twoNotes()))
            // Queuing five events takes nowhere near the music's length.
            #expect(Date().timeIntervalSince(started) < 0.5)
            Thread.sleep(forTimeInterval: 0.7)
        }
        // The driver writes in real time; the file holds at least the first note.
        #expect(audio.seconds > 0.5)
        let note = Signal.mono(audio, seconds: 0.1...0.45)
        #expect(Signal.rms(note) > 0.01)
        let pitch = Signal.strongestFrequency(note, sampleRate: audio.sampleRate)
        #expect(abs(pitch - 440) < 4, "A4 peaked at \(pitch) Hz")
    }

    @Test func stopSilencesWhatWasQueued() throws {
        let audio = try recording { player in
            player.play(AudioSchedule(file: AudioFixtures.twoNotes()).starting(at: 1.9))
            player.stop()
            Thread.sleep(forTimeInterval: 0.5)
        }
        // C5 was due 0.1 s in; after stop nothing sounds.
        #expect(Signal.rms(Signal.mono(audio, seconds: 0...audio.seconds)) < 0.0005)
    }

    @Test func previewSoundsAtOnce() throws {
        let audio = try recording { player in
            player.preview(pitch: 69, program: 73, seconds: 0.3)
            Thread.sleep(forTimeInterval: 0.4)
        }
        #expect(Signal.rms(Signal.mono(audio, seconds: 0.05...0.3)) > 0.01)
    }
}
