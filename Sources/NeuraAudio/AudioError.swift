import NeuraMusic

/// Everything that can keep a score from becoming sound. Each message names the file and the problem.
public enum AudioError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No SoundFont was named and none of the usual places has one.
    case noSoundFont(searched: [String])
    case soundFontMissing(path: String)
    case notASoundFont(path: String)
    /// FluidSynth recognised the file but could not load it (truncated, damaged chunks, no presets).
    case soundFontUnreadable(path: String)
    case synthesizerUnavailable(reason: String)
    case invalidSampleRate(Int)
    case emptyScore(source: String)
    case tooLong(source: String, seconds: Double)
    case unreadableMIDI(source: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// No audio driver could be opened: no sound card, no sound server (CI, SSH, containers).
    case noAudioDevice(reason: String)

    public var description: String {
        switch self {
        case .noSoundFont(let searched):
            "no General MIDI SoundFont found (looked in \(searched.joined(separator: ", "))); "
                + "install one (apt-get install timgm6mb-soundfont) or name one with --soundfont or $NEURASCORE_SOUNDFONT"
        case .soundFontMissing(let path): "\(path): SoundFont not found"
        case .notASoundFont(let path): "\(path): not a SoundFont (.sf2/.sf3)"
        case .soundFontUnreadable(let path): "\(path): the SoundFont is damaged or has no instruments; FluidSynth could not load it"
        case .synthesizerUnavailable(let reason): "FluidSynth could not start: \(reason)"
        case .invalidSampleRate(let rate):
            "sample rate \(rate) Hz: expected \(AudioLimits.sampleRates.lowerBound)–\(AudioLimits.sampleRates.upperBound) Hz"
        case .emptyScore(let source): "\(source): no notes to render"
        case .tooLong(let source, let seconds):
            "\(source): \(Int(seconds)) s of music; rendering stops at \(Int(AudioLimits.maximumSeconds)) s"
        // The reader's messages already start with the file's name.
        case .unreadableMIDI(let source, let reason): reason.hasPrefix(source) ? reason : "\(source): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .noAudioDevice(let reason): "no audio output: \(reason)"
        }
    }
}

public enum AudioLimits {
    /// What FluidSynth accepts for `synth.sample-rate`.
    public static let sampleRates = 8_000...96_000
    public static let defaultSampleRate = 44_100
    /// Longer music is refused before any sample is made: a damaged tempo map can claim hours.
    public static let maximumSeconds = 30.0 * 60
}
