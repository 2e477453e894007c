/// How the music sounds: the General MIDI programs of the two tracks and whether playback
/// loops. Settings, not edits: undo leaves them alone, and the session keeps them.
public struct PlaybackSettings: Hashable, Sendable, Codable {
    /// GM program (0–127) of your notes; 0 is the acoustic grand piano.
    public var seedProgram: Int = 0
    /// GM program of the generated notes.
    public var generatedProgram: Int = 0
    /// At the end of the music the playhead jumps back to where playback started.
    public var loops: Bool = false

    public init(seedProgram: Int = 0, generatedProgram: Int = 0, loops: Bool = false) {
        self.seedProgram = seedProgram
        self.generatedProgram = generatedProgram
        self.loops = loops
    }

    public static let programRange = 0...127
}

/// A playback in progress, as plain values: the shell reports only how many seconds have passed
/// (`Action.playbackClock`), and `reduce` works out the playhead, the end and the loop from these.
public struct PlaybackRun: Hashable, Sendable {
    public var startStep: Int
    /// The first step past the music.
    public var endStep: Int
    public var stepsPerSecond: Double

    public init(startStep: Int, endStep: Int, stepsPerSecond: Double) {
        self.startStep = startStep
        self.endStep = endStep
        self.stepsPerSecond = stepsPerSecond
    }

    /// The step sounding `seconds` after the start; nil past the end.
    public func step(atSeconds seconds: Double) -> Int? {
        let step = startStep + Int((max(0, seconds) * stepsPerSecond).rounded(.down))
        return step < endStep ? step : nil
    }

    /// Seconds from `seconds` to the next step boundary, so the shell wakes when the playhead moves.
    public func secondsToNextStep(after seconds: Double) -> Double {
        let position = max(0, seconds) * stepsPerSecond
        return ((position.rounded(.down) + 1) - position) / stepsPerSecond
    }
}

/// Whether the composer can make sound. The shell opens the audio output in the background
/// at start-up and reports the outcome.
public enum AudioOutputStatus: Hashable, Sendable {
    case opening
    /// The driver's name (pulseaudio, alsa, …).
    case ready(String)
    /// No sound card or server answered (CI, SSH, containers): why, for the curious.
    case noDevice(String)
    /// Something to fix: no SoundFont, a damaged one, or no audio in this build.
    case failed(String)
}
