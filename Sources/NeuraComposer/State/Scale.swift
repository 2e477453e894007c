/// A scale to keep generated notes in ("D dorian"); the generator honours it, the header shows it.
public struct Scale: Hashable, Sendable, Codable, CustomStringConvertible {
    public var root: Int
    public var mode: Mode

    public enum Mode: String, CaseIterable, Sendable, Codable {
        case major, minor, dorian, phrygian, lydian, mixolydian, locrian
        case harmonicMinor = "harmonic-minor"
        case pentatonic, blues, chromatic

        /// Semitones above the root that belong to the scale.
        public var intervals: [Int] {
            switch self {
            case .major: [0, 2, 4, 5, 7, 9, 11]
            case .minor: [0, 2, 3, 5, 7, 8, 10]
            case .dorian: [0, 2, 3, 5, 7, 9, 10]
            case .phrygian: [0, 1, 3, 5, 7, 8, 10]
            case .lydian: [0, 2, 4, 6, 7, 9, 11]
            case .mixolydian: [0, 2, 4, 5, 7, 9, 10]
            case .locrian: [0, 1, 3, 5, 6, 8, 10]
            case .harmonicMinor: [0, 2, 3, 5, 7, 8, 11]
            case .pentatonic: [0, 2, 4, 7, 9]
            case .blues: [0, 3, 5, 6, 7, 10]
            case .chromatic: Array(0..<12)
            }
        }
    }

    public init(root: Int, mode: Mode) {
        self.root = ((root % 12) + 12) % 12
        self.mode = mode
    }

    /// Parses "D dorian", "f# minor", "Bb major"; nil when either word is unknown.
    public init?(parsing text: String) {
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 2, let rootPitch = PitchName.pitch(named: words[0] + "4"),
            let mode = Mode(rawValue: words[1].lowercased())
        else { return nil }
        self.init(root: rootPitch, mode: mode)
    }

    public func contains(_ pitch: Int) -> Bool {
        mode.intervals.contains((((pitch - root) % 12) + 12) % 12)
    }

    public var description: String {
        PitchName.sharpNames[root] + " " + mode.rawValue
    }
}
