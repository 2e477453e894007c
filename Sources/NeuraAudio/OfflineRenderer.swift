import Foundation
import NeuraMusic

/// Interleaved 16-bit stereo samples.
public struct RenderedAudio: Equatable, Sendable {
    public var sampleRate: Int
    public var samples: [Int16]
    /// Where the music ends (the schedule's duration) and the release tail begins.
    public var musicFrames: Int
    /// How much the render was turned down so that its loudest sample fits 16 bits; 0 when it fit.
    public var attenuationDecibels: Double = 0

    public var frameCount: Int { samples.count / 2 }
    public var seconds: Double { Double(frameCount) / Double(sampleRate) }
}

/// Renders a schedule as fast as the CPU allows: no audio device, no real-time clock. Events
/// land on their exact sample, and after the music ends rendering goes on until every voice has
/// released and the reverb has died away, so the last note's tail is kept whole.
public struct OfflineRenderer {
    public var soundFont: SoundFont
    public var sampleRate: Int
    /// Peak below which a block counts as silent: a few steps of 16-bit resolution.
    public var silenceThreshold: Float = 8.0 / 32768
    /// How long the output must stay silent before the tail is cut.
    public var silenceSeconds = 0.1
    /// A tail never runs past this, whatever a SoundFont's release times say.
    public var maximumTailSeconds = 15.0

    public init(soundFont: SoundFont, sampleRate: Int = AudioLimits.defaultSampleRate) {
        self.soundFont = soundFont
        self.sampleRate = sampleRate
    }

    /// `progress(secondsRendered, secondsOfMusic)` is called after each block of the music.
    public func render(
        _ schedule: AudioSchedule, source: String, progress: (Double, Double) -> Void = { _, _ in }
    ) throws(AudioError) -> RenderedAudio {
        guard schedule.noteCount > 0 else { throw .emptyScore(source: source) }
        guard schedule.duration <= AudioLimits.maximumSeconds else {
            throw .tooLong(source: source, seconds: schedule.duration)
        }
        let synthesizer = try Synthesizer(soundFont: soundFont, sampleRate: sampleRate, threadSafe: false)
        let rate = Double(sampleRate)
        let musicFrames = Int((schedule.duration * rate).rounded(.up))
        var samples: [Float] = []
        samples.reserveCapacity((musicFrames + sampleRate) * 2)
        let blockFrames = 1024

        func renderUntil(frame target: Int) {
            while samples.count / 2 < target {
                synthesizer.render(frames: min(blockFrames, target - samples.count / 2), appendingTo: &samples)
                progress(Double(samples.count / 2) / rate, schedule.duration)
            }
        }
        for event in schedule.events {
            renderUntil(frame: Int((event.seconds * rate).rounded()))
            synthesizer.send(event.message)
        }
        renderUntil(frame: musicFrames)
        // Notes a file forgot to end would ring forever; release them so the tail can decay.
        synthesizer.releaseAllNotes()

        let tailLimit = musicFrames + Int(maximumTailSeconds * rate)
        let quietFramesNeeded = Int(silenceSeconds * rate)
        var quietFrames = 0
        let tailBlock = 512
        while samples.count / 2 < tailLimit {
            let start = samples.count
            synthesizer.render(frames: tailBlock, appendingTo: &samples)
            let peak = samples[start...].lazy.map { $0.magnitude }.max() ?? 0
            quietFrames = peak <= silenceThreshold ? quietFrames + tailBlock : 0
            if quietFrames >= quietFramesNeeded, synthesizer.activeVoiceCount == 0 { break }
        }
        return Self.sixteenBit(samples, sampleRate: sampleRate, musicFrames: musicFrames)
    }

    /// Scales the whole render down when its peak passes full scale: the same music never
    /// clips, and a render that fits keeps its level.
    static func sixteenBit(_ samples: [Float], sampleRate: Int, musicFrames: Int) -> RenderedAudio {
        let peak = samples.lazy.map { $0.magnitude }.max() ?? 0
        let ceiling: Float = 32767.0 / 32768
        let scale = peak > ceiling ? ceiling / peak : 1
        let converted = samples.map { Int16(($0 * scale * 32768).rounded().clamped(to: -32768...32767)) }
        return RenderedAudio(
            sampleRate: sampleRate, samples: converted, musicFrames: musicFrames,
            attenuationDecibels: scale < 1 ? -20 * Double(log10(scale)) : 0)
    }
}

extension Float {
    fileprivate func clamped(to range: ClosedRange<Float>) -> Float { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}

/// The whole path from a MIDI file or a score to a WAV file, for `neurascore render` and `:render`.
public enum AudioRendering {
    public static func schedule(readingMIDI path: String) throws(AudioError) -> AudioSchedule {
        do {
            return AudioSchedule(file: try MIDIReader.read(contentsOf: URL(fileURLWithPath: path)).file)
        } catch {
            // MIDIError's message already names the file.
            throw .unreadableMIDI(source: path, reason: error.description)
        }
    }

    /// The score as `ScoreFile.save` would write it, so a render sounds like the exported MIDI.
    public static func schedule(score: Score, generated: [Note] = [], options: ExportOptions = ExportOptions()) -> AudioSchedule {
        AudioSchedule(file: MIDIFile(score: score, generated: generated, options: options))
    }

    /// Renders and writes atomically: on any error no WAV (and no partial one) is left.
    /// The destination is checked before rendering so a typo costs no time.
    @discardableResult
    public static func renderWAV(
        _ schedule: AudioSchedule, source: String, to path: String, soundFont: SoundFont,
        sampleRate: Int = AudioLimits.defaultSampleRate, progress: (Double, Double) -> Void = { _, _ in }
    ) throws(AudioError) -> RenderedAudio {
        try checkWritable(path)
        let audio = try OfflineRenderer(soundFont: soundFont, sampleRate: sampleRate)
            .render(schedule, source: source, progress: progress)
        try WAVFile.write(audio, to: URL(fileURLWithPath: path))
        return audio
    }

    static func checkWritable(_ path: String) throws(AudioError) {
        if let problem = AtomicFile.destinationProblem(URL(fileURLWithPath: path)) {
            throw .cannotWrite(path: path, reason: problem)
        }
    }
}
