/// A scale as a tonic pitch class and the pitch classes it admits, parsed from names such as
/// "D dorian", "F# minor", "Bb major", "C pentatonic" or "A blues".
public struct Scale: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 0 = C … 11 = B.
    public var tonic: Int
    public var mode: String
    /// Semitones above the tonic, ascending, starting at 0.
    public var intervals: [Int]

    public static let modes: [String: [Int]] = [
        "major": [0, 2, 4, 5, 7, 9, 11], "ionian": [0, 2, 4, 5, 7, 9, 11],
        "dorian": [0, 2, 3, 5, 7, 9, 10], "phrygian": [0, 1, 3, 5, 7, 8, 10],
        "lydian": [0, 2, 4, 6, 7, 9, 11], "mixolydian": [0, 2, 4, 5, 7, 9, 10],
        "minor": [0, 2, 3, 5, 7, 8, 10], "aeolian": [0, 2, 3, 5, 7, 8, 10],
        "locrian": [0, 1, 3, 5, 6, 8, 10],
        "harmonic-minor": [0, 2, 3, 5, 7, 8, 11], "melodic-minor": [0, 2, 3, 5, 7, 9, 11],
        "pentatonic": [0, 2, 4, 7, 9], "minor-pentatonic": [0, 3, 5, 7, 10],
        "blues": [0, 3, 5, 6, 7, 10], "chromatic": Array(0..<12),
    ]

    public init(tonic: Int, mode: String) throws {
        guard let intervals = Scale.modes[mode.lowercased()] else {
            throw ScaleError.unknownMode(mode, known: Scale.modes.keys.sorted())
        }
        self.tonic = ((tonic % 12) + 12) % 12
        self.mode = mode.lowercased()
        self.intervals = intervals
    }

    /// "D dorian", "f# minor", "Eb", "C harmonic minor". The mode defaults to major.
    public init(parsing text: String) throws {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first, let tonic = PitchName.pitchClass(of: first) else {
            throw ScaleError.unreadable(text)
        }
        let mode = words.dropFirst().joined(separator: "-")
        try self.init(tonic: tonic, mode: mode.isEmpty ? "major" : mode)
    }

    public func contains(pitch: Int) -> Bool {
        intervals.contains(((pitch - tonic) % 12 + 12) % 12)
    }

    public var description: String { "\(PitchName.pitchClassNames[tonic]) \(mode)" }
}

public enum ScaleError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(String)
    case unknownMode(String, known: [String])

    public var description: String {
        switch self {
        case .unreadable(let text):
            "cannot read the scale \"\(text)\": expected a tonic and a mode, such as \"D dorian\" or \"F# minor\""
        case .unknownMode(let mode, let known):
            "unknown scale mode \"\(mode)\"; known modes: \(known.joined(separator: ", "))"
        }
    }
}
