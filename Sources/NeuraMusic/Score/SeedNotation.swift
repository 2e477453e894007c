/// The compact note list of `--seed-notes`: "C4:1 E4:1 G4:2" is a melody of notes given as
/// pitch:beats, one after another. "C4+E4+G4:2" is a chord, "r:1" a rest, and a length may be a
/// fraction ("D5:1/2") or a decimal ("D5:0.5"). Lengths land on the grid; a length that does not
/// fit the grid is an error rather than a silent rounding.
public enum SeedNotation {
    public static func score(parsing text: String, stepsPerQuarter: Int, tempo: Double = 120) throws -> Score {
        var notes: [Note] = []
        var clock = 0
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" }) {
            let parts = word.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw SeedNotationError.unreadable(String(word)) }
            guard let beats = beats(String(parts[1])), beats > 0 else {
                throw SeedNotationError.badLength(String(word))
            }
            let exactSteps = beats * Double(stepsPerQuarter)
            let steps = Int(exactSteps.rounded())
            guard steps >= 1, abs(exactSteps - Double(steps)) < 1e-9 else {
                throw SeedNotationError.offGrid(String(word), stepsPerQuarter: stepsPerQuarter)
            }
            if parts[0].lowercased() != "r" {
                for name in parts[0].split(separator: "+") {
                    guard let pitch = PitchName.pitch(of: String(name)) else {
                        throw SeedNotationError.badPitch(String(name), in: String(word))
                    }
                    guard !notes.contains(where: { $0.start == clock && $0.pitch == pitch }) else { continue }
                    notes.append(Note(pitch: pitch, start: clock, length: steps))
                }
            }
            clock += steps
        }
        guard clock > 0 else { throw SeedNotationError.empty }
        return Score(stepsPerQuarter: stepsPerQuarter, tempo: tempo, notes: notes, length: clock)
    }

    private static func beats(_ text: String) -> Double? {
        let fraction = text.split(separator: "/")
        if fraction.count == 2, let top = Double(fraction[0]), let bottom = Double(fraction[1]), bottom > 0 {
            return top / bottom
        }
        return Double(text)
    }
}

public enum SeedNotationError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(String)
    case badPitch(String, in: String)
    case badLength(String)
    case offGrid(String, stepsPerQuarter: Int)
    case empty

    public var description: String {
        switch self {
        case .unreadable(let word):
            "seed note \"\(word)\" is not PITCH:BEATS (for example C4:1, C4+E4:2 or r:1)"
        case .badPitch(let name, let word):
            "seed note \"\(word)\": \"\(name)\" is not a pitch between C-1 and G9 (for example C4, F#3, Bb5)"
        case .badLength(let word): "seed note \"\(word)\": the length must be a positive number of beats"
        case .offGrid(let word, let grid):
            "seed note \"\(word)\": the length is not a whole number of grid steps (\(grid) per beat)"
        case .empty: "the seed notes are empty"
        }
    }
}
