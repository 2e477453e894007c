import CFluidSynth
import NeuraMusic

/// One FluidSynth instance with a SoundFont loaded: the only place that owns FluidSynth objects
/// and turns our MIDI messages into its calls.
final class Synthesizer {
    let settings: OpaquePointer
    let synth: OpaquePointer
    let sampleRate: Int

    /// The master gain. FluidSynth's default (0.2) is quiet; at 0.6 a four-part chorale peaks
    /// near -14 dBFS, while a string orchestra can pass full scale (live playback then clips;
    /// the offline renderer scales the whole render down instead).
    static let gain = 0.6

    /// `threadSafe`: the live player calls in from the UI thread while the audio driver
    /// renders on its own; the offline renderer has one thread and skips the locking.
    init(soundFont: SoundFont, sampleRate: Int, threadSafe: Bool) throws(AudioError) {
        guard AudioLimits.sampleRates.contains(sampleRate) else { throw .invalidSampleRate(sampleRate) }
        ns_fluid_silence_logging()
        guard let settings = new_fluid_settings() else {
            throw .synthesizerUnavailable(reason: "out of memory creating its settings")
        }
        fluid_settings_setnum(settings, "synth.sample-rate", Double(sampleRate))
        fluid_settings_setnum(settings, "synth.gain", Self.gain)
        fluid_settings_setint(settings, "synth.threadsafe-api", threadSafe ? 1 : 0)
        guard let synth = new_fluid_synth(settings) else {
            delete_fluid_settings(settings)
            throw .synthesizerUnavailable(reason: "new_fluid_synth failed at \(sampleRate) Hz")
        }
        guard fluid_synth_sfload(synth, soundFont.path, 1) != FLUID_FAILED else {
            delete_fluid_synth(synth)
            delete_fluid_settings(settings)
            throw .soundFontUnreadable(path: soundFont.path)
        }
        self.settings = settings
        self.synth = synth
        self.sampleRate = sampleRate
    }

    deinit {
        delete_fluid_synth(synth)
        delete_fluid_settings(settings)
    }

    func send(_ message: MIDIMessage) {
        switch message {
        case .noteOn(let channel, let key, let velocity):
            // Velocity 0 is a note-off; FluidSynth reads it that way too, but say it plainly.
            if velocity == 0 {
                fluid_synth_noteoff(synth, Int32(channel), Int32(key))
            } else {
                fluid_synth_noteon(synth, Int32(channel), Int32(key), Int32(velocity))
            }
        case .noteOff(let channel, let key, _): fluid_synth_noteoff(synth, Int32(channel), Int32(key))
        case .polyPressure(let channel, let key, let pressure):
            fluid_synth_key_pressure(synth, Int32(channel), Int32(key), Int32(pressure))
        case .controlChange(let channel, let controller, let value):
            fluid_synth_cc(synth, Int32(channel), Int32(controller), Int32(value))
        case .programChange(let channel, let program):
            fluid_synth_program_change(synth, Int32(channel), Int32(program))
        case .channelPressure(let channel, let pressure):
            fluid_synth_channel_pressure(synth, Int32(channel), Int32(pressure))
        case .pitchBend(let channel, let value): fluid_synth_pitch_bend(synth, Int32(channel), Int32(value))
        case .sysex, .escape, .meta: break
        }
    }

    /// Note-offs on every channel: notes release and ring out instead of being cut.
    func releaseAllNotes() {
        fluid_synth_all_notes_off(synth, -1)
    }

    var activeVoiceCount: Int { Int(fluid_synth_get_active_voice_count(synth)) }

    /// Appends `frames` frames of interleaved stereo to `samples`, full scale ±1 (louder passages
    /// go past it; the offline renderer scales them back before they become 16-bit).
    func render(frames: Int, appendingTo samples: inout [Float]) {
        guard frames > 0 else { return }
        let start = samples.count
        samples.append(contentsOf: repeatElement(0, count: frames * 2))
        samples.withUnsafeMutableBufferPointer { buffer in
            let base = UnsafeMutableRawPointer(buffer.baseAddress! + start)
            _ = fluid_synth_write_float(synth, Int32(frames), base, 0, 2, base, 1, 2)
        }
    }
}
