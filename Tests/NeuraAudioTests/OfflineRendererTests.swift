import Foundation
import NeuraMusic
import Testing
@testable import NeuraAudio

@Suite(.enabled(if: installedSoundFont != nil, "no General MIDI SoundFont installed (apt-get install timgm6mb-soundfont)"))
struct OfflineRendererTests {
    static let sampleRate = 22_050

    /// One render shared by the checks below; rendering is the slow part.
    static let rendered: Result<RenderedAudio, AudioError> = Result {
        () throws(AudioError) -> RenderedAudio in
        guard let font = installedSoundFont else { throw .noSoundFont(searched: []) }
        return try OfflineRenderer(soundFont: font, sampleRate: sampleRate)
            .render(AudioSchedule(file: AudioFixtures.twoNotes()), source: "two-notes")
    }

    @Test func lengthFollowsTheTempoMapAndKeepsTheTail() throws {
        let audio = try Self.rendered.get()
        #expect(audio.sampleRate == Self.sampleRate)
        // 4 beats at 120 BPM, then 1 at 60 BPM: 3 s of music.
        #expect(audio.musicFrames == 3 * Self.sampleRate)
        // The flute's release and the reverb ring on past the last note-off, but not for long.
        #expect(audio.seconds > 3.1)
        #expect(audio.seconds < 3.0 + 5)
    }

    @Test func soundsWhileNotesPlayAndIsQuietAfterTheirTails() throws {
        let audio = try Self.rendered.get()
        let first = Signal.rms(Signal.mono(audio, seconds: 0.05...0.45))
        let second = Signal.rms(Signal.mono(audio, seconds: 2.05...2.95))
        let gap = Signal.rms(Signal.mono(audio, seconds: 1.8...1.95))
        let end = Signal.rms(Signal.mono(audio, seconds: (audio.seconds - 0.05)...audio.seconds))
        #expect(first > 0.01)
        #expect(second > 0.01)
        #expect(gap < first / 30)
        #expect(end < 0.0005)
    }

    @Test func strongestFrequencyIsEachNotesPitch() throws {
        let audio = try Self.rendered.get()
        let a4 = Signal.strongestFrequency(Signal.mono(audio, seconds: 0.05...0.45), sampleRate: audio.sampleRate)
        let c5 = Signal.strongestFrequency(Signal.mono(audio, seconds: 2.2...2.9), sampleRate: audio.sampleRate)
        #expect(abs(a4 - 440) < 3, "A4 peaked at \(a4) Hz")
        #expect(abs(c5 - 523.25) < 3, "C5 peaked at \(c5) Hz")
    }

    @Test func writesAWAVThatMatchesTheRender() throws {
        let font = try #require(installedSoundFont)
        let directory = try AudioFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.wav").path
        let audio = try AudioRendering.renderWAV(
            AudioSchedule(file: AudioFixtures.twoNotes()), source: "two-notes", to: path, soundFont: font,
            sampleRate: 8_000)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.count == WAVFile.headerSize + audio.samples.count * 2)
        #expect(Array(bytes[24..<28]) == [0x40, 0x1F, 0, 0])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.wav"])
    }

    @Test func anEmptyScoreIsRefusedAndWritesNothing() throws {
        let font = try #require(installedSoundFont)
        let directory = try AudioFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("empty.wav").path
        let empty = AudioSchedule(events: [TimedMessage(seconds: 0, .programChange(channel: 0, program: 0))], duration: 2)
        #expect(throws: AudioError.emptyScore(source: "empty.mid")) {
            try AudioRendering.renderWAV(empty, source: "empty.mid", to: path, soundFont: font)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func aMissingDirectoryIsRefusedBeforeRendering() throws {
        let font = try #require(installedSoundFont)
        let path = "/nonexistent-neurascore/out.wav"
        #expect(throws: AudioError.cannotWrite(path: path, reason: "the folder /nonexistent-neurascore does not exist")) {
            try AudioRendering.renderWAV(AudioSchedule(file: AudioFixtures.twoNotes()), source: "x", to: path, soundFont: font)
        }
    }

    @Test func aTruncatedSoundFontIsRefusedWithItsPath() throws {
        let font = try #require(installedSoundFont)
        let directory = try AudioFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let truncated = directory.appendingPathComponent("truncated.sf2")
        let head = try FileHandle(forReadingFrom: URL(fileURLWithPath: font.path)).readData(ofLength: 4096)
        try head.write(to: truncated)
        let renderer = OfflineRenderer(soundFont: try SoundFont(path: truncated.path))
        #expect(throws: AudioError.soundFontUnreadable(path: truncated.path)) {
            try renderer.render(AudioSchedule(file: AudioFixtures.twoNotes()), source: "x")
        }
    }
}

@Suite struct SoundFontLocatorTests {
    @Test func aNamedFontMustExistAndBeASoundFont() throws {
        let directory = try AudioFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("notes.sf2")
        try Data("not a soundfont".utf8).write(to: text)
        #expect(throws: AudioError.notASoundFont(path: text.path)) { try SoundFont.locate(explicit: text.path) }
        let missing = directory.appendingPathComponent("missing.sf2").path
        #expect(throws: AudioError.soundFontMissing(path: missing)) { try SoundFont.locate(explicit: missing) }
        #expect(throws: AudioError.soundFontMissing(path: missing)) {
            try SoundFont.locate(explicit: nil, environment: [SoundFont.environmentVariable: missing])
        }
    }

    @Test func withNothingInstalledTheErrorSaysWhereItLooked() {
        #expect(throws: AudioError.noSoundFont(searched: ["$NEURASCORE_SOUNDFONT", "/nonexistent/a.sf2"])) {
            try SoundFont.locate(explicit: nil, environment: [:], candidates: ["/nonexistent/a.sf2"])
        }
    }

    @Test(.enabled(if: installedSoundFont != nil, "no General MIDI SoundFont installed"))
    func theEnvironmentComesBeforeTheInstalledFonts() throws {
        let font = try #require(installedSoundFont)
        let located = try SoundFont.locate(
            explicit: nil, environment: [SoundFont.environmentVariable: font.path], candidates: ["/nonexistent/a.sf2"])
        #expect(located.path == font.path)
    }

    @Test(.enabled(if: installedSoundFont != nil, "no General MIDI SoundFont installed"))
    func aLivePlayerWithoutADeviceIsAnErrorNotACrash() throws {
        let font = try #require(installedSoundFont)
        // On a machine with a sound card this opens; either way it returns promptly.
        do {
            let player = try LivePlayer.open(soundFont: font)
            player.preview(pitch: 60, program: 0, seconds: 0.05)
            player.stop()
        } catch {
            guard case .noAudioDevice = error else {
                Issue.record("unexpected error \(error)")
                return
            }
        }
    }
}
