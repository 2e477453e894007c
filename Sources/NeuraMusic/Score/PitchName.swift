/// Scientific pitch names (middle C = C4 = 60), as musicians type them.
public enum PitchName {
    public static let pitchClassNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    private static let naturals: [Character: Int] = ["C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11]

    /// "C4" for 60, "F#3" for 54.
    public static func name(of pitch: Int) -> String {
        "\(pitchClassNames[((pitch % 12) + 12) % 12])\(pitch / 12 - 1)"
    }

    /// True for the pitches a piano plays on its black keys.
    public static func isBlackKey(_ pitch: Int) -> Bool {
        [1, 3, 6, 8, 10].contains(((pitch % 12) + 12) % 12)
    }

    /// The pitch class of a letter with optional accidentals: "C", "f#", "Bb", "E##".
    public static func pitchClass(of text: String) -> Int? {
        guard let letter = text.first.map({ Character($0.uppercased()) }), let natural = naturals[letter] else {
            return nil
        }
        var value = natural
        for accidental in text.dropFirst() {
            switch accidental {
            case "#", "♯": value += 1
            case "b", "♭": value -= 1
            default: return nil
            }
        }
        return ((value % 12) + 12) % 12
    }

    /// The MIDI pitch of "C4", "F#3", "Bb-1"; nil if unreadable or outside 0…127.
    public static func pitch(of text: String) -> Int? {
        guard let octaveStart = text.firstIndex(where: { $0.isNumber || $0 == "-" }),
              octaveStart != text.startIndex,
              let octave = Int(text[octaveStart...]),
              let letter = text.first.map({ Character($0.uppercased()) }),
              let natural = naturals[letter]
        else { return nil }
        var value = natural
        for accidental in text[text.index(after: text.startIndex)..<octaveStart] {
            switch accidental {
            case "#", "♯": value += 1
            case "b", "♭": value -= 1
            default: return nil
            }
        }
        let pitch = (octave + 1) * 12 + value
        return (0...127).contains(pitch) ? pitch : nil
    }
}
