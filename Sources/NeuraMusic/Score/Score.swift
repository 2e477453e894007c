/// One note on the step grid. `start` and `length` are in grid steps; `length` is at least 1.
public struct Note: Hashable, Sendable, Codable {
    public var pitch: Int
    public var start: Int
    public var length: Int
    public var velocity: Int
    /// Index into the score's `parts`: the voice or instrument the note belongs to.
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
public struct Score: Hashable, Sendable {
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
    /// The voices and instruments: note `n` belongs to `part(n.part)`, an unnamed part where
    /// the list has no entry for its index (a score typed in, or older sessions).
    public var parts: [Part]

    public init(
        stepsPerQuarter: Int = 4, tempo: Double = 120, timeSignature: TimeSignature = .common,
        keySignature: KeySignature = .cMajor, notes: [Note] = [], drums: [Note] = [], length: Int = 0,
        style: String? = nil, parts: [Part] = []
    ) {
        self.stepsPerQuarter = stepsPerQuarter
        self.tempo = tempo
        self.timeSignature = timeSignature
        self.keySignature = keySignature
        self.notes = notes.sorted(by: Score.noteOrder)
        self.drums = drums.sorted(by: Score.noteOrder)
        self.length = max(length, self.notes.map(\.end).max() ?? 0, self.drums.map(\.end).max() ?? 0)
        self.style = style
        self.parts = parts
    }

    /// The part a note belongs to; an unnamed one for an index the score does not list.
    public func part(_ index: Int) -> Part {
        parts.indices.contains(index) ? parts[index] : Part.unnamed(index)
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

extension Score: Codable {
    private enum CodingKeys: String, CodingKey {
        case stepsPerQuarter, tempo, timeSignature, keySignature, notes, drums, length, style, parts
    }

    /// Sessions saved before scores had parts have no "parts" key: their notes get unnamed parts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            stepsPerQuarter: try container.decode(Int.self, forKey: .stepsPerQuarter),
            tempo: try container.decode(Double.self, forKey: .tempo),
            timeSignature: try container.decode(TimeSignature.self, forKey: .timeSignature),
            keySignature: try container.decode(KeySignature.self, forKey: .keySignature),
            notes: try container.decode([Note].self, forKey: .notes),
            drums: try container.decode([Note].self, forKey: .drums),
            length: try container.decode(Int.self, forKey: .length),
            style: try container.decodeIfPresent(String.self, forKey: .style),
            parts: try container.decodeIfPresent([Part].self, forKey: .parts) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stepsPerQuarter, forKey: .stepsPerQuarter)
        try container.encode(tempo, forKey: .tempo)
        try container.encode(timeSignature, forKey: .timeSignature)
        try container.encode(keySignature, forKey: .keySignature)
        try container.encode(notes, forKey: .notes)
        try container.encode(drums, forKey: .drums)
        try container.encode(length, forKey: .length)
        try container.encodeIfPresent(style, forKey: .style)
        try container.encode(parts, forKey: .parts)
    }
}
