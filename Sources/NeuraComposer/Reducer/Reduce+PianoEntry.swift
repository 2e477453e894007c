extension ComposerState {
    /// The tracker layout: the bottom row is the octave of `pianoOctave`, the top row the next.
    static let pianoKeys: [Character: Int] = {
        let lower: [Character] = ["z", "s", "x", "d", "c", "v", "g", "b", "h", "n", "j", "m"]
        let upper: [Character] = ["q", "2", "w", "3", "e", "r", "5", "t", "6", "y", "7", "u", "i", "9", "o", "0", "p"]
        var map: [Character: Int] = [:]
        for (offset, key) in lower.enumerated() { map[key] = offset }
        for (offset, key) in upper.enumerated() { map[key] = 12 + offset }
        return map
    }()

    mutating func handlePianoEntry(_ key: Key) -> [Effect] {
        switch key {
        case .escape:
            mode = .normal
            message = nil
        case .up, .shiftUp:
            pianoOctave = min(8, pianoOctave + 1)
            message = StatusMessage("piano octave \(pianoOctave)")
        case .down, .shiftDown:
            pianoOctave = max(-1, pianoOctave - 1)
            message = StatusMessage("piano octave \(pianoOctave)")
        case .left: cursor.step = max(0, cursor.step - noteLength)
        case .right, .character(" "): cursor.step += noteLength
        case .character("["), .character("]"):
            noteLength = NoteLengths.step(
                from: noteLength, by: key == .character("[") ? -1 : 1,
                stepsPerQuarter: document.score.stepsPerQuarter)
            message = StatusMessage("note length \(NoteLengths.name(steps: noteLength, stepsPerQuarter: document.score.stepsPerQuarter))")
        case .backspace:
            // Steps back over the last written note and takes it out, like a typing correction.
            cursor.step = max(0, cursor.step - noteLength)
            let step = cursor.step
            return commitEdit("take back the last note") { document in
                document.setSeedNotes(document.score.notes.filter { $0.start != step })
            }
        case .control("r"): return redo()
        case .character(let character):
            guard let offset = Self.pianoKeys[character] else { return [] }
            let pitch = (pianoOctave + 1) * 12 + offset
            guard (0...127).contains(pitch) else {
                message = StatusMessage("that key is outside the MIDI range", isError: true)
                return []
            }
            let effects = writeNote(pitch: pitch, at: cursor.step)
            cursor = Cursor(step: cursor.step + noteLength, pitch: pitch)
            return effects
        default: break
        }
        return []
    }
}
