import NeuraMusic

extension ComposerState {
    mutating func handleSelect(_ key: Key, anchor: Int) -> [Effect] {
        if moveCursor(for: key) { return [] }
        guard let range = selection else { return [] }
        let steps = range.lowerBound..<(range.upperBound + 1)
        switch key {
        case .escape, .character("v"):
            mode = .normal
            message = nil
        case .character("d"), .character("x"), .delete:
            mode = .normal
            copy(steps)
            let effects = commitEdit("delete \(plural(clipboard.count, "note"))") { document in
                document.setSeedNotes(document.score.notes.filter { !steps.contains($0.start) })
            }
            message = StatusMessage("deleted \(clipboard.count) note\(clipboard.count == 1 ? "" : "s")")
            return effects
        case .character("y"):
            mode = .normal
            copy(steps)
            message = StatusMessage("copied \(clipboard.count) note\(clipboard.count == 1 ? "" : "s")")
        case .character("p"):
            mode = .normal
            return paste(at: steps.lowerBound)
        case .character("+"), .character("="): return transpose(steps, by: 1)
        case .character("-"): return transpose(steps, by: -1)
        case .character("g"):
            mode = .normal
            return startGeneration(regenerating: steps)
        case .character("G"):
            mode = .normal
            return startHarmonization(over: steps)
        case .character("t"): cyclePart(by: 1)
        case .character("T"): cyclePart(by: -1)
        case .character("m"):
            mode = .normal
            return moveToCurrentPart(steps)
        case .character("?"): mode = .help
        default: break
        }
        return []
    }

    /// Copies the seed notes that start in `steps`, relative to its first step.
    mutating func copy(_ steps: Range<Int>) {
        clipboard = document.score.notes.filter { steps.contains($0.start) }.map { note in
            var relative = note
            relative.start -= steps.lowerBound
            return relative
        }
    }

    mutating func transpose(_ steps: Range<Int>, by semitones: Int) -> [Effect] {
        let moving = document.score.notes.filter { steps.contains($0.start) }
        guard !moving.isEmpty else {
            message = StatusMessage("no seed notes in the selection")
            return []
        }
        guard moving.allSatisfy({ (0...127).contains($0.pitch + semitones) }) else {
            message = StatusMessage("cannot transpose past the MIDI range", isError: true)
            return []
        }
        message = StatusMessage("transposed \(moving.count) note\(moving.count == 1 ? "" : "s") \(semitones > 0 ? "up" : "down")")
        return commitEdit("transpose \(plural(moving.count, "note")) \(semitones > 0 ? "up" : "down")") { document in
            document.setSeedNotes(document.score.notes.map { note in
                guard steps.contains(note.start) else { return note }
                var moved = note
                moved.pitch += semitones
                return moved
            })
        }
    }
}
