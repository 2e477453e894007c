/// One note on the step grid. `start` and `length` are in grid steps; `length` is at least 1.
public struct Note: Hashable, Sendable, Codable {
    public var pitch: Int
    public var start: Int
    public var length: Int
    public var velocity: Int
    /// Voice or part index (a track/channel in the source file).
    public var part: Int

    public init(pitch: Int, start: Int, length: Int, velocity: Int = 90, part: Int = 0) {
        self.pitch = pitch
        self.start = start
        self.length = length
        self.velocity = velocity
        self.part = part
    }

    public var end: Int { start + length }
}

public struct TimeSignature: Hashable, Sendable, Codable {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public static let common = TimeSignature(4, 4)
}

public struct KeySignature: Hashable, Sendable, Codable {
    /// -7 (seven flats) … +7 (seven sharps).
    public var sharps: Int
    public var isMinor: Bool

    public init(sharps: Int, isMinor: Bool = false) {
        self.sharps = sharps
        self.isMinor = isMinor
    }

    public static let cMajor = KeySignature(sharps: 0)
}

/// Notes on a step grid with the tempo, meter and key that travel with them.
public struct Score: Hashable, Sendable, Codable {
    public var stepsPerQuarter: Int
    public var tempo: Double
    public var timeSignature: TimeSignature
    public var keySignature: KeySignature
    /// Pitched notes, kept sorted by (start, pitch, part).
    public var notes: [Note]
    /// Channel-10 percussion, kept apart from the pitched encoding.
    public var drums: [Note]
    /// Length in steps; never shorter than the last note's end.
    public var length: Int
    /// Optional style label (e.g. "chorale", "folk") used as a conditioning token.
    public var style: String?

    public init(
        stepsPerQuarter: Int = 4, tempo: Double = 120, timeSignature: TimeSignature = .common,
        keySignature: KeySignature = .cMajor, notes: [Note] = [], drums: [Note] = [], length: Int = 0,
        style: String? = nil
    ) {
        self.stepsPerQuarter = stepsPerQuarter
        self.tempo = tempo
        self.timeSignature = timeSignature
        self.keySignature = keySignature
        self.notes = notes.sorted(by: Score.noteOrder)
        self.drums = drums.sorted(by: Score.noteOrder)
        self.length = max(length, self.notes.map(\.end).max() ?? 0, self.drums.map(\.end).max() ?? 0)
        self.style = style
    }

    /// Time, then pitch, then part: the order the token encoding walks the score in.
    public static func noteOrder(_ a: Note, _ b: Note) -> Bool {
        (a.start, a.pitch, a.part, a.length) < (b.start, b.pitch, b.part, b.length)
    }

    /// At least one step, even for a meter read from a damaged file or session (denominator 0).
    public var stepsPerBar: Int {
        max(stepsPerQuarter * 4 * timeSignature.numerator / max(timeSignature.denominator, 1), 1)
    }
}
