/// Names of MIDI pitches as musicians read them: middle C (60) is C4.
public enum PitchName {
    static let sharpNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]

    public static func name(of pitch: Int) -> String {
        let pitchClass = ((pitch % 12) + 12) % 12
        let octave = pitch / 12 - 1
        return sharpNames[pitchClass] + String(octave)
    }

    public static func isBlackKey(_ pitch: Int) -> Bool {
        [1, 3, 6, 8, 10].contains(((pitch % 12) + 12) % 12)
    }

    /// Parses "C4", "f#3", "Bb2", "C-1"; nil when it is not a note name.
    public static func pitch(named text: String) -> Int? {
        var scalars = Substring(text.trimmingWhitespace())
        guard let letter = scalars.first?.uppercased(),
            let base = ["C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11][letter]
        else { return nil }
        scalars = scalars.dropFirst()
        var accidental = 0
        while let mark = scalars.first, mark == "#" || mark == "b" {
            accidental += mark == "#" ? 1 : -1
            scalars = scalars.dropFirst()
        }
        guard let octave = Int(scalars) else { return nil }
        let pitch = (octave + 1) * 12 + base + accidental
        return (0...127).contains(pitch) ? pitch : nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}
