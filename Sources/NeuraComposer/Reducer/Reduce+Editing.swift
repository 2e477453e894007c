import NeuraMusic

extension ComposerState {
    /// Runs `change` on the document as one undoable step. Editing while a generation runs
    /// stops it (keeping what streamed in so far), because a continuation of a seed that has
    /// since changed would no longer fit; the status line says so.
    mutating func commitEdit(_ change: (inout ComposerDocument) -> Void) -> [Effect] {
        var edited = document
        change(&edited)
        guard edited != document else { return [] }
        var effects: [Effect] = []
        if case .running(let jobID, _) = generation {
            generation = .idle
            effects.append(.cancelGeneration(jobID: jobID))
            message = StatusMessage("generation stopped: the score was edited")
        }
        pushUndo()
        document = edited
        isDirty = true
        return effects
    }

    mutating func pushUndo() {
        undoStack.append(document)
        if undoStack.count > Self.undoLimit { undoStack.removeFirst(undoStack.count - Self.undoLimit) }
        redoStack.removeAll()
    }

    mutating func undo() -> [Effect] {
        guard let previous = undoStack.popLast() else {
            message = StatusMessage("nothing to undo")
            return []
        }
        let effects = stopRunningGeneration(reason: "generation stopped for undo")
        redoStack.append(document)
        document = previous
        isDirty = true
        if effects.isEmpty { message = StatusMessage("undone") }
        return effects
    }

    mutating func redo() -> [Effect] {
        guard let next = redoStack.popLast() else {
            message = StatusMessage("nothing to redo")
            return []
        }
        let effects = stopRunningGeneration(reason: "generation stopped for redo")
        undoStack.append(document)
        document = next
        isDirty = true
        if effects.isEmpty { message = StatusMessage("redone") }
        return effects
    }

    mutating func stopRunningGeneration(reason: String) -> [Effect] {
        guard case .running(let jobID, _) = generation else { return [] }
        generation = .idle
        message = StatusMessage(reason)
        discardEmptyGeneration()
        return [.cancelGeneration(jobID: jobID)]
    }

    /// A job that stopped before its first note leaves nothing worth an undo step.
    mutating func discardEmptyGeneration() {
        guard !document.variations.isEmpty, document.variations.allSatisfy({ $0.notes.isEmpty }),
            let before = undoStack.popLast()
        else { return }
        document = before
    }

    /// Enter: removes the seed note sounding at the cursor, or writes one of the current length.
    mutating func toggleNoteAtCursor() -> [Effect] {
        if let index = seedNoteIndexAtCursor {
            return commitEdit { document in
                var notes = document.score.notes
                notes.remove(at: index)
                document.setSeedNotes(notes)
            }
        }
        return writeNote(pitch: cursor.pitch, at: cursor.step)
    }

    mutating func writeNote(pitch: Int, at step: Int) -> [Effect] {
        let note = Note(pitch: pitch, start: step, length: noteLength)
        let effects = commitEdit { document in
            // A note written over one of the same pitch replaces it rather than doubling it.
            var notes = document.score.notes.filter { !($0.pitch == pitch && $0.start == step) }
            notes.append(note)
            document.setSeedNotes(notes)
        }
        // Heard at once, like a tracker's preview.
        return [.previewNote(pitch: pitch, velocity: note.velocity, program: playback.seedProgram)] + effects
    }

    /// x / Delete: the seed note at the cursor, else the generated note of the current variation.
    mutating func deleteNoteAtCursor() -> [Effect] {
        if let index = seedNoteIndexAtCursor {
            return commitEdit { document in
                var notes = document.score.notes
                notes.remove(at: index)
                document.setSeedNotes(notes)
            }
        }
        if let index = generatedNoteIndexAtCursor {
            let variation = document.currentVariation
            return commitEdit { document in document.variations[variation].notes.remove(at: index) }
        }
        message = StatusMessage("no note at the cursor")
        return []
    }

    mutating func resizeNoteAtCursor(by delta: Int) -> [Effect] {
        guard let index = seedNoteIndexAtCursor else {
            message = StatusMessage("no seed note at the cursor")
            return []
        }
        return commitEdit { document in
            var notes = document.score.notes
            notes[index].length = max(1, notes[index].length + delta)
            document.setSeedNotes(notes)
        }
    }

    /// Pastes the clipboard so that its first step lands on `step`.
    mutating func paste(at step: Int) -> [Effect] {
        guard !clipboard.isEmpty else {
            message = StatusMessage("the clipboard is empty: select with v and copy with y")
            return []
        }
        let pasted = clipboard.map { note -> Note in
            var moved = note
            moved.start += step
            return moved
        }
        message = StatusMessage("pasted \(pasted.count) note\(pasted.count == 1 ? "" : "s")")
        return commitEdit { document in
            let replaced = Set(pasted.map { [$0.pitch, $0.start] })
            let kept = document.score.notes.filter { !replaced.contains([$0.pitch, $0.start]) }
            document.setSeedNotes(kept + pasted)
        }
    }

    /// `neurascore new.mid`: an empty score (the restored one stays a `u` away) that `:w` writes
    /// to `path`, on the meter and tempo the composer had.
    mutating func startNewPiece(at path: String) -> [Effect] {
        var effects = stopRunningGeneration(reason: "")
        let blank = Score(
            stepsPerQuarter: document.score.stepsPerQuarter, tempo: document.score.tempo,
            timeSignature: document.score.timeSignature, keySignature: document.score.keySignature)
        effects += commitEdit { document in document = ComposerDocument(score: blank) }
        filePath = path
        isDirty = false
        cursor = Cursor(step: 0, pitch: 60)
        message = StatusMessage("new piece \(path): :w writes it there")
        return effects
    }

    mutating func open(_ score: Score, from path: String, changes: String? = nil) -> [Effect] {
        let effects = stopRunningGeneration(reason: "generation stopped: a file was opened")
        pushUndo()
        document = ComposerDocument(score: score)
        filePath = path
        isDirty = false
        cursor = Cursor(step: 0, pitch: score.notes.first?.pitch ?? 60)
        noteLength = max(1, score.stepsPerQuarter)
        message = StatusMessage("opened \(path): \(score.notes.count) notes" + (changes.map { "; on the grid: \($0)" } ?? ""))
        return effects
    }
}
