import ArgumentParser
import Foundation
import NeuraAudio
import NeuraMusic

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a MIDI file to a WAV file through FluidSynth, faster than real time.",
        discussion: """
            The WAV is 16-bit PCM stereo. The tempo map is followed, and the last notes' release \
            and reverb tails are kept. The SoundFont is --soundfont, else $NEURASCORE_SOUNDFONT, else \
            the installed General MIDI fonts (FluidR3_GM, MuseScore_General, then TimGM6mb). No audio \
            device is needed.
            """)

    @Argument(help: "The Standard MIDI File to render.")
    var input: String

    @Option(name: [.short, .customLong("output")], help: "The WAV file to write.")
    var output: String

    @Option(help: "A General MIDI SoundFont (.sf2 or .sf3).")
    var soundfont: String?

    @Option(help: "Samples per second (8000–96000).")
    var sampleRate = AudioLimits.defaultSampleRate

    func validate() throws {
        guard AudioLimits.sampleRates.contains(sampleRate) else {
            throw ValidationError(AudioError.invalidSampleRate(sampleRate).description)
        }
    }

    func run() throws {
        let font = try SoundFont.locate(explicit: soundfont)
        let schedule = try AudioRendering.schedule(readingMIDI: input)
        let totalSeconds = Int(schedule.duration.rounded(.up))
        let meter = ProgressPrinter(label: "render", unit: "s", total: totalSeconds)
        let started = Date()
        let audio = try AudioRendering.renderWAV(
            schedule, source: input, to: output, soundFont: font, sampleRate: sampleRate,
            progress: { done, _ in meter.update(done: Int(done.rounded(.down))) })
        meter.update(done: totalSeconds)
        meter.finish()
        let elapsed = Date().timeIntervalSince(started)
        func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
        let tail = Double(audio.frameCount - audio.musicFrames) / Double(audio.sampleRate)
        var line = "wrote \(output): \(seconds(audio.seconds)) of audio (\(seconds(audio.seconds - tail)) of music, "
            + "\(seconds(tail)) of tail) at \(audio.sampleRate) Hz with \((font.path as NSString).lastPathComponent)"
        if elapsed > 0 { line += String(format: ", %.0fx real time", audio.seconds / elapsed) }
        if audio.attenuationDecibels > 0 {
            line += String(format: "; turned down %.1f dB so that it does not clip", audio.attenuationDecibels)
        }
        print(line)
    }
}
