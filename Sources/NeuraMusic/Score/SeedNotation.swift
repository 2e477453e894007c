/// The compact note list of `--seed-notes`: "C4:1 E4:1 G4:2" is a melody of notes given as
/// pitch:beats, one after another. "C4+E4+G4:2" is a chord, "r:1" a rest, and a length may be a
/// fraction ("D5:1/2") or a decimal ("D5:0.5"). Lengths land on the grid; a length that does not
/// fit the grid is an error rather than a silent rounding.
///
/// Parts are separated by `;`, each opening with its name and a colon:
/// "S: C5:1 D5:1; A: G4:2; T: E4:2; B: C3:2". Each part's notes follow one another on the
/// part's own clock, from the start. The score's parts are named as written, in the order
/// written. Text with no `;` and no name is one part, as a melody always was.
public enum SeedNotation {
    public static func score(parsing text: String, stepsPerQuarter: Int, tempo: Double = 120) throws -> Score {
        let segments = text.split(separator: ";", omittingEmptySubsequences: false).map(words)
        let named = segments.map(partName)
        guard segments.count > 1 || named[0] != nil else {
            let (notes, length) = try notes(in: segments[0], part: 0, stepsPerQuarter: stepsPerQuarter)
            guard length > 0 else { throw SeedNotationError.empty }
            return Score(stepsPerQuarter: stepsPerQuarter, tempo: tempo, notes: notes, length: length)
        }

        var parts: [Part] = []
        var notes: [Note] = []
        var length = 0
        for (index, (segment, name)) in zip(segments, named).enumerated() {
            guard let name else {
                guard !segment.isEmpty else { throw SeedNotationError.emptyPart(position: index + 1, name: nil) }
                throw SeedNotationError.missingPartName(segment.joined(separator: " "))
            }
            guard !name.isEmpty else { throw SeedNotationError.emptyPartName(segment.joined(separator: " ")) }
            if let earlier = parts.first(where: { $0.name.lowercased() == name.lowercased() }) {
                throw SeedNotationError.duplicatePart(name, earlier: earlier.name)
            }
            let body = Array(segment.dropFirst())
            guard !body.isEmpty else { throw SeedNotationError.emptyPart(position: index + 1, name: name) }
            let (partNotes, partLength) = try self.notes(in: body, part: parts.count, stepsPerQuarter: stepsPerQuarter)
            parts.append(Part(name: name))
            notes += partNotes
            length = max(length, partLength)
        }
        return Score(stepsPerQuarter: stepsPerQuarter, tempo: tempo, notes: notes, length: length, parts: parts)
    }

    private static func words(_ text: Substring) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" }).map(String.init)
    }

    /// A segment's part name: its first word when that word is a name and a colon ("S:"), a
    /// word a note never is; nil when the segment opens with a note or is empty.
    private static func partName(_ segment: [String]) -> String? {
        guard let first = segment.first, first.hasSuffix(":"), first.dropLast().allSatisfy({ $0 != ":" }) else { return nil }
        return String(first.dropLast())
    }

    private static func notes(in words: [String], part: Int, stepsPerQuarter: Int) throws -> (notes: [Note], length: Int) {
        var notes: [Note] = []
        var clock = 0
        for word in words {
            let fields = word.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 2, !fields[0].isEmpty else { throw SeedNotationError.unreadable(word) }
            guard let beats = beats(String(fields[1])), beats > 0 else {
                throw SeedNotationError.badLength(word)
            }
            let exactSteps = beats * Double(stepsPerQuarter)
            let steps = Int(exactSteps.rounded())
            guard steps >= 1, abs(exactSteps - Double(steps)) < 1e-9 else {
                throw SeedNotationError.offGrid(word, stepsPerQuarter: stepsPerQuarter)
            }
            if fields[0].lowercased() != "r" {
                for name in fields[0].split(separator: "+") {
                    guard let pitch = PitchName.pitch(of: String(name)) else {
                        throw SeedNotationError.badPitch(String(name), in: word)
                    }
                    guard !notes.contains(where: { $0.start == clock && $0.pitch == pitch }) else { continue }
                    notes.append(Note(pitch: pitch, start: clock, length: steps, part: part))
                }
            }
            clock += steps
        }
        return (notes, clock)
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
    /// Parts are separated by `;`, and each must open with `NAME:`.
    case missingPartName(String)
    case emptyPartName(String)
    case duplicatePart(String, earlier: String)
    /// A `;` with no notes before or after it; `position` counts parts from 1.
    case emptyPart(position: Int, name: String?)

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
        case .missingPartName(let segment):
            "seed part \"\(segment)\" has no name: with parts separated by ;, each opens with NAME: (for example \"S: C5:1 D5:1; A: G4:2\")"
        case .emptyPartName(let segment):
            "seed part \"\(segment)\": the part name before the colon is empty"
        case .duplicatePart(let name, let earlier):
            earlier == name ? "seed part \"\(name)\" is given twice; write all its notes in one part"
                : "seed part \"\(name)\" is given twice (also as \"\(earlier)\"); write all its notes in one part"
        case .emptyPart(let position, let name):
            if let name { "seed part \"\(name)\" (part \(position)) has no notes" } else {
                "seed part \(position) is empty: a ; with no notes before or after it"
            }
        }
    }
}
