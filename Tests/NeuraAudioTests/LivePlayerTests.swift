import Foundation
import NeuraMusic
import Testing
@testable import NeuraAudio

/// The live player on FluidSynth's file driver: its own audio thread and the sequencer on the
/// sample clock, as with a sound card, with the sound landing in a file the test can read.
@Suite(.enabled(if: installedSoundFont != nil, "no General MIDI SoundFont installed (apt-get install timgm6mb-soundfont)"))
struct LivePlayerTests {
    static let sampleRate = 22_050

    /// Runs `body` with a player writing to a raw file, lets the driver write `seconds` of audio,
    /// then returns the file's samples. The wait is on the file, not the wall clock, so a loaded
    /// machine only makes the test slower; a driver that never wrote that much fails the test,
    /// so that a silent recording cannot pass for silence.
    func recording(seconds: Double, _ body: (LivePlayer) -> Void) throws -> RenderedAudio {
        let font = try #require(installedSoundFont)
        let directory = try AudioFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("live.raw").path
        do {
            let player = try LivePlayer.openWritingRawFile(soundFont: font, path: path, sampleRate: Self.sampleRate)
            body(player)
            let bytesNeeded = UInt64(seconds * Double(Self.sampleRate)) * 4
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0
                if size >= bytesNeeded { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let samples = data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }.map { Int16(littleEndian: $0) }
        let audio = RenderedAudio(sampleRate: Self.sampleRate, samples: samples, musicFrames: samples.count / 2)
        #expect(audio.seconds >= seconds, "the driver wrote \(audio.seconds) s of the \(seconds) s asked for")
        return audio
    }

    @Test func playsTheScheduleOnTheAudioThread() throws {
        let audio = try recording(seconds: 0.7) { player in
            player.play(AudioSchedule(file: AudioFixtures.twoNotes()))
        }
        #expect(audio.seconds >= 0.7)
        let note = Signal.mono(audio, seconds: 0.1...0.45)
        #expect(Signal.rms(note) > 0.01)
        let pitch = Signal.strongestFrequency(note, sampleRate: audio.sampleRate)
        #expect(abs(pitch - 440) < 4, "A4 peaked at \(pitch) Hz")
    }

    @Test func stopSilencesWhatWasQueued() throws {
        // C5 is due 0.1 s in. The positive control: left alone, it sounds in this recording.
        let schedule = AudioSchedule(file: AudioFixtures.twoNotes()).starting(at: 1.9)
        let played = try recording(seconds: 0.5) { player in player.play(schedule) }
        #expect(Signal.rms(Signal.mono(played, seconds: 0.15...0.45)) > 0.01, "the control recorded no C5")
        // Stopped, nothing sounds.
        let stopped = try recording(seconds: 0.5) { player in
            player.play(schedule)
            player.stop()
        }
        #expect(Signal.rms(Signal.mono(stopped, seconds: 0...0.5)) < 0.0005)
    }

    @Test func aPassCanBeQueuedAtAGivenTickReplacingWhatWasQueued() throws {
        let c5 = AudioSchedule(events: [
            TimedMessage(seconds: 0, .programChange(channel: 0, program: 73)),
            TimedMessage(seconds: 0, .noteOn(channel: 0, key: 72, velocity: 100)),
            TimedMessage(seconds: 0.3, .noteOff(channel: 0, key: 72, velocity: 0)),
        ])
        let audio = try recording(seconds: 1.0) { player in
            let start = player.play(AudioSchedule(file: AudioFixtures.twoNotes()))
            // As a loop's next pass: replaces the A4 before it sounds, and starts 0.6 s later.
            player.play(c5, atTick: start &+ 600)
        }
        #expect(Signal.rms(Signal.mono(audio, seconds: 0...0.5)) < 0.0005)
        let note = Signal.mono(audio, seconds: 0.7...0.9)
        #expect(Signal.rms(note) > 0.01)
        let pitch = Signal.strongestFrequency(note, sampleRate: audio.sampleRate)
        #expect(abs(pitch - 523.25) < 5, "C5 peaked at \(pitch) Hz")
    }

    @Test func previewSoundsAtOnce() throws {
        let audio = try recording(seconds: 0.4) { player in
            player.preview(pitch: 69, program: 73, seconds: 0.3)
        }
        #expect(Signal.rms(Signal.mono(audio, seconds: 0.05...0.3)) > 0.01)
    }
}
