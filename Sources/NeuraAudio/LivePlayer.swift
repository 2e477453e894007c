import CFluidSynth
import Foundation
import NeuraMusic

#if canImport(Glibc)
import Glibc
#endif

/// Plays schedules through a sound card on FluidSynth's own audio thread. Every call only
/// queues events on FluidSynth's sequencer and returns, so the caller (the composer's UI loop)
/// never waits on audio. The sequencer runs on the synthesiser's sample clock, so events land on
/// the sample they were scheduled for whatever the UI thread is doing.
///
/// FluidSynth's thread-safe API and its sequencer lock guard all shared state, and this class
/// holds no mutable state of its own: hence `@unchecked Sendable`.
public final class LivePlayer: @unchecked Sendable {
    private let synthesizer: Synthesizer
    private let sequencer: OpaquePointer
    private let synthesizerClient: fluid_seq_id_t
    private let driver: OpaquePointer
    /// The audio driver that opened (e.g. pulseaudio, alsa).
    public let driverName: String

    /// A channel no exported track uses (parts skip channel 10 and fill 1–9, 11–15 first).
    public static let previewChannel: UInt8 = 15
    /// Time for the first events to reach the driver; scheduling at "now" would be late.
    static let startLatencyMilliseconds: UInt32 = 30
    /// The same in seconds, for a playhead that should move with the sound.
    public static let startLatency = Double(startLatencyMilliseconds) / 1000

    /// Drivers that may start a sound server of their own (JACK) or write files ("file") are
    /// never tried.
    static let driverPreference = ["pipewire", "pulseaudio", "alsa", "sdl2", "portaudio", "oss"]

    /// Opens the first audio driver that works. Without a device (CI, SSH, containers) this
    /// throws `.noAudioDevice` quickly; it never blocks waiting for one.
    public static func open(soundFont: SoundFont, sampleRate: Int = AudioLimits.defaultSampleRate)
        throws(AudioError) -> LivePlayer
    {
        let synthesizer = try Synthesizer(soundFont: soundFont, sampleRate: sampleRate, threadSafe: true)
        var defaultDriver: UnsafeMutablePointer<CChar>?
        fluid_settings_dupstr(synthesizer.settings, "audio.driver", &defaultDriver)
        var candidates = driverPreference
        if let defaultDriver {
            candidates.insert(String(cString: defaultDriver), at: 0)
            free(defaultDriver)
        }
        var tried: [String] = []
        for name in candidates where !tried.contains(name) && name != "jack" && name != "file" {
            tried.append(name)
            guard fluid_settings_setstr(synthesizer.settings, "audio.driver", name) == FLUID_OK else { continue }
            // ALSA's library prints its own complaints to stderr, past FluidSynth's log hooks.
            let driver = withStandardErrorSilenced { new_fluid_audio_driver(synthesizer.settings, synthesizer.synth) }
            if let driver { return LivePlayer(synthesizer: synthesizer, driver: driver, driverName: name) }
        }
        throw .noAudioDevice(reason: "no sound device or server answered (tried \(tried.joined(separator: ", ")))")
    }

    /// FluidSynth's "file" driver: the same real-time thread and sequencer as a sound card, but
    /// the audio goes to raw 16-bit stereo in `path`. Lets tests hear what the player plays.
    static func openWritingRawFile(soundFont: SoundFont, path: String, sampleRate: Int) throws(AudioError) -> LivePlayer {
        let synthesizer = try Synthesizer(soundFont: soundFont, sampleRate: sampleRate, threadSafe: true)
        fluid_settings_setstr(synthesizer.settings, "audio.driver", "file")
        fluid_settings_setstr(synthesizer.settings, "audio.file.name", path)
        fluid_settings_setstr(synthesizer.settings, "audio.file.type", "raw")
        fluid_settings_setstr(synthesizer.settings, "audio.file.format", "s16")
        guard let driver = new_fluid_audio_driver(synthesizer.settings, synthesizer.synth) else {
            throw .noAudioDevice(reason: "FluidSynth's file driver could not write \(path)")
        }
        return LivePlayer(synthesizer: synthesizer, driver: driver, driverName: "file")
    }

    private init(synthesizer: Synthesizer, driver: OpaquePointer, driverName: String) {
        self.synthesizer = synthesizer
        self.driver = driver
        self.driverName = driverName
        // 0: driven by the synthesiser's sample timer rather than the system clock.
        sequencer = new_fluid_sequencer2(0)
        synthesizerClient = fluid_sequencer_register_fluidsynth(sequencer, synthesizer.synth)
    }

    deinit {
        // The driver first, so that no audio callback runs into a freed sequencer.
        delete_fluid_audio_driver(driver)
        delete_fluid_sequencer(sequencer)
    }

    /// Replaces whatever is playing with `schedule`, starting now, or at `startTick` on the
    /// sequencer's clock (milliseconds of audio) when given: a loop's next pass starts exactly
    /// where the last one ended, even if the caller noticed the end a little late. Returns the
    /// tick the schedule starts at.
    @discardableResult
    public func play(_ schedule: AudioSchedule, atTick startTick: UInt32? = nil) -> UInt32 {
        stop()
        let start = startTick ?? (fluid_sequencer_get_tick(sequencer) &+ Self.startLatencyMilliseconds)
        for event in schedule.events {
            let milliseconds = UInt32(min(max(0, (event.seconds * 1000).rounded()), Double(UInt32.max / 2)))
            send(event.message, atTick: start &+ milliseconds)
        }
        return start
    }

    /// Drops the queued events and releases the sounding notes (they ring out, not cut off).
    public func stop() {
        fluid_sequencer_remove_events(sequencer, -1, synthesizerClient, -1)
        synthesizer.releaseAllNotes()
    }

    /// Sounds one note now for `seconds`, on its own channel, like a tracker's preview.
    public func preview(pitch: Int, velocity: Int = 100, program: Int, seconds: Double = 0.4) {
        let channel = Self.previewChannel
        let key = UInt8(min(max(pitch, 0), 127))
        let now = fluid_sequencer_get_tick(sequencer)
        send(.programChange(channel: channel, program: UInt8(min(max(program, 0), 127))), atTick: now)
        send(.noteOn(channel: channel, key: key, velocity: UInt8(min(max(velocity, 1), 127))), atTick: now)
        send(.noteOff(channel: channel, key: key, velocity: 0), atTick: now &+ UInt32(max(0.05, seconds) * 1000))
    }

    private func send(_ message: MIDIMessage, atTick tick: UInt32) {
        guard let event = new_fluid_event() else { return }
        defer { delete_fluid_event(event) }
        fluid_event_set_source(event, -1)
        fluid_event_set_dest(event, synthesizerClient)
        switch message {
        case .noteOn(let channel, let key, let velocity):
            if velocity == 0 {
                fluid_event_noteoff(event, Int32(channel), Int16(key))
            } else {
                fluid_event_noteon(event, Int32(channel), Int16(key), Int16(velocity))
            }
        case .noteOff(let channel, let key, _): fluid_event_noteoff(event, Int32(channel), Int16(key))
        case .controlChange(let channel, let controller, let value):
            fluid_event_control_change(event, Int32(channel), Int16(controller), Int32(value))
        case .programChange(let channel, let program): fluid_event_program_change(event, Int32(channel), Int32(program))
        case .pitchBend(let channel, let value): fluid_event_pitch_bend(event, Int32(channel), Int32(value))
        case .channelPressure(let channel, let pressure):
            fluid_event_channel_pressure(event, Int32(channel), Int32(pressure))
        case .polyPressure(let channel, let key, let pressure):
            fluid_event_key_pressure(event, Int32(channel), Int16(key), Int32(pressure))
        case .sysex, .escape, .meta: return
        }
        fluid_sequencer_send_at(sequencer, event, tick, 1)
    }
}

/// Runs `body` with file descriptor 2 pointed at /dev/null, then puts it back.
private func withStandardErrorSilenced<T>(_ body: () -> T) -> T {
    let saved = dup(STDERR_FILENO)
    let null = open("/dev/null", O_WRONLY)
    guard saved >= 0, null >= 0 else {
        if saved >= 0 { close(saved) }
        if null >= 0 { close(null) }
        return body()
    }
    dup2(null, STDERR_FILENO)
    close(null)
    defer {
        dup2(saved, STDERR_FILENO)
        close(saved)
    }
    return body()
}
