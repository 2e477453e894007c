import NeuraMusic

/// How the music sounds: which parts play and whether playback loops. Settings, not edits: undo
/// leaves them alone, and the session keeps them. Each part's own program is in the score.
public struct PlaybackSettings: Hashable, Sendable {
    /// A GM program (0–127) for every generated track in place of its part's (`:program gen N`);
    /// nil: each generated note sounds with its part's program.
    public var takeProgram: Int?
    /// At the end of the music the playhead jumps back to where playback started.
    public var loops: Bool = false
    /// Parts (by index) that playback and `:render` leave out.
    public var muted: Set<Int> = []
    /// When any part is soloed, only the soloed parts sound.
    public var soloed: Set<Int> = []
    /// The one GM program that sessions saved before parts gave all of your notes (`:program
    /// seed N`); restoring such a session gives it to every part, and it is not saved again.
    var programOfEveryPart: Int?

    public init(takeProgram: Int? = nil, loops: Bool = false, muted: Set<Int> = [], soloed: Set<Int> = []) {
        self.takeProgram = takeProgram
        self.loops = loops
        self.muted = muted
        self.soloed = soloed
    }

    public static let programRange = GeneralMIDI.programs

    /// Whether a part's notes are heard: not muted, and soloed when any part is.
    public func sounds(part: Int) -> Bool {
        soloed.isEmpty ? !muted.contains(part) : soloed.contains(part) && !muted.contains(part)
    }
}

extension PlaybackSettings: Codable {
    private enum CodingKeys: String, CodingKey {
        case takeProgram, loops, muted, soloed
        // Sessions saved before parts had one program for your notes and one for the model's.
        case seedProgram, generatedProgram
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            takeProgram: try container.decodeIfPresent(Int.self, forKey: .takeProgram),
            loops: try container.decodeIfPresent(Bool.self, forKey: .loops) ?? false,
            muted: try container.decodeIfPresent(Set<Int>.self, forKey: .muted) ?? [],
            soloed: try container.decodeIfPresent(Set<Int>.self, forKey: .soloed) ?? [])
        // 0, the piano, was the default of both, and is what a part without a program plays; the
        // generated notes sound with their part's program unless the old session set another.
        let seed = try container.decodeIfPresent(Int.self, forKey: .seedProgram) ?? 0
        if seed != 0 { programOfEveryPart = seed }
        if let generated = try container.decodeIfPresent(Int.self, forKey: .generatedProgram), generated != seed {
            takeProgram = generated
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(takeProgram, forKey: .takeProgram)
        try container.encode(loops, forKey: .loops)
        try container.encode(muted.sorted(), forKey: .muted)
        try container.encode(soloed.sorted(), forKey: .soloed)
    }
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
