/// Pure edits and queries on a score: what the composer and the data pipeline do to notes.
extension Score {
    /// Every pitched note moved by `semitones`; drums stay as they are (their pitch names an instrument).
    public func transposed(by semitones: Int) throws -> Score {
        if let outside = notes.first(where: { !(0...127).contains($0.pitch + semitones) }) {
            throw ScoreError.pitchOutOfRange(pitch: outside.pitch, transposition: semitones)
        }
        var copy = self
        copy.notes = notes.map { note in
            var moved = note
            moved.pitch += semitones
            return moved
        }
        return copy
    }

    /// The notes starting inside `steps` moved by `semitones`, the rest untouched: the composer's
    /// selection transpose. A note left sounding into a moved one of the same pitch and part is
    /// ended where the moved one starts.
    public func transposed(by semitones: Int, in steps: Range<Int>) throws -> Score {
        let selected = notes.filter { steps.contains($0.start) }
        if let outside = selected.first(where: { !(0...127).contains($0.pitch + semitones) }) {
            throw ScoreError.pitchOutOfRange(pitch: outside.pitch, transposition: semitones)
        }
        let moved = selected.map { note in
            var shifted = note
            shifted.pitch += semitones
            return shifted
        }
        var copy = self
        copy.notes = Quantizer.resolveCollisions(notes.filter { !steps.contains($0.start) } + moved).notes
        return copy
    }

    /// Lowest and highest pitched note, nil for a score without pitched notes.
    public var pitchRange: ClosedRange<Int>? {
        guard let low = notes.map(\.pitch).min(), let high = notes.map(\.pitch).max() else { return nil }
        return low...high
    }

    /// Notes that sound during any part of `steps`, in score order.
    public func notes(in steps: Range<Int>) -> [Note] {
        notes.filter { $0.start < steps.upperBound && $0.end > steps.lowerBound }
    }

    /// The notes of `pitch` sounding at `step` (usually none or one).
    public func notes(at step: Int, pitch: Int) -> [Note] {
        notes.filter { $0.pitch == pitch && $0.start <= step && step < $0.end }
    }

    /// The steps `steps` as a score of their own, starting at step 0. Notes that begin inside are
    /// kept and cut at the range's end; notes that began before it are left out.
    public func cut(to steps: Range<Int>) throws -> Score {
        guard steps.lowerBound >= 0 else { throw ScoreError.invalidRange(steps) }
        func clip(_ list: [Note]) -> [Note] {
            list.compactMap { note in
                guard steps.contains(note.start) else { return nil }
                var moved = note
                moved.start -= steps.lowerBound
                moved.length = min(note.end, steps.upperBound) - note.start
                return moved
            }
        }
        var copy = self
        copy.notes = clip(notes)
        copy.drums = clip(drums)
        copy.length = steps.count
        return copy
    }

    /// `other`'s notes laid over this score from step `offset`. Where both have a note with the
    /// same pitch, start and part, the longer one stays. Tempo, meter and key stay this score's.
    public func merged(with other: Score, at offset: Int = 0) -> Score {
        func shift(_ list: [Note]) -> [Note] {
            list.map { note in
                var moved = note
                moved.start += offset
                return moved
            }
        }
        let pitched = Quantizer.resolveCollisions(notes + shift(other.notes)).notes
        let percussion = Quantizer.resolveCollisions(drums + shift(other.drums)).notes
        return Score(
            stepsPerQuarter: stepsPerQuarter, tempo: tempo, timeSignature: timeSignature,
            keySignature: keySignature, notes: pitched, drums: percussion,
            length: max(length, other.length + offset), style: style)
    }

    /// This score with `note` added; an existing note of the same pitch, start and part is replaced.
    public func inserting(_ note: Note) -> Score {
        var copy = self
        copy.notes.removeAll { $0.pitch == note.pitch && $0.start == note.start && $0.part == note.part }
        let index = copy.notes.firstIndex { Score.noteOrder(note, $0) } ?? copy.notes.count
        copy.notes.insert(note, at: index)
        copy.length = max(copy.length, note.end)
        return copy
    }

    /// This score without the pitched notes starting inside `steps`. The length is kept.
    public func removingNotes(in steps: Range<Int>) -> Score {
        removingNotes { steps.contains($0.start) }
    }

    /// This score without the notes for which `shouldRemove` is true. The length is kept.
    public func removingNotes(where shouldRemove: (Note) -> Bool) -> Score {
        var copy = self
        copy.notes.removeAll(where: shouldRemove)
        return copy
    }
}
