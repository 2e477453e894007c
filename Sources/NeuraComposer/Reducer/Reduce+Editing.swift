import NeuraMusic

extension ComposerState {
    /// Runs `change` on the document as one undoable step, named `label` for "undid: …".
    /// Editing while a generation runs stops it (keeping what streamed in so far), because a
    /// continuation of a seed that has since changed would no longer fit; the status line says so.
    mutating func commitEdit(_ label: String? = nil, _ change: (inout ComposerDocument) -> Void) -> [Effect] {
        var edited = document
        change(&edited)
        guard edited != document else { return [] }
        var effects: [Effect] = []
        if case .running(let jobID, _) = generation {
            generation = .idle
            effects.append(.cancelGeneration(jobID: jobID))
            message = StatusMessage("generation stopped: the score was edited")
        }
        pushUndo(label ?? UndoStep.describe(from: document, to: edited))
        document = edited
        isDirty = true
        return effects
    }

    /// Keeps the document as it is now for `u`. Without a label, `u` describes the step from
    /// what it changed.
    mutating func pushUndo(_ label: String? = nil) {
        undoStack.append(UndoStep(document: document, label: label))
        if undoStack.count > Self.undoLimit { undoStack.removeFirst(undoStack.count - Self.undoLimit) }
        redoStack.removeAll()
    }

    mutating func undo() -> [Effect] {
        guard let previous = undoStack.popLast() else {
            message = StatusMessage("nothing to undo")
            return []
        }
        let effects = stopRunningGeneration(reason: "generation stopped for undo")
        let label = previous.label(changingTo: document)
        redoStack.append(UndoStep(document: document, label: label))
        document = previous.document
        isDirty = true
        if effects.isEmpty { message = StatusMessage("undid: \(label)") }
        return effects
    }

    mutating func redo() -> [Effect] {
        guard let next = redoStack.popLast() else {
            message = StatusMessage("nothing to redo")
            return []
        }
        let effects = stopRunningGeneration(reason: "generation stopped for redo")
        let label = next.label ?? "edit the notes"
        undoStack.append(UndoStep(document: document, label: label))
        document = next.document
        isDirty = true
        if effects.isEmpty { message = StatusMessage("redid: \(label)") }
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
        document = before.document
    }

    /// Enter: removes the seed note sounding at the cursor, or writes one of the current length.
    mutating func toggleNoteAtCursor() -> [Effect] {
        if let index = seedNoteIndexAtCursor {
            return commitEdit("remove \(PitchName.name(of: document.score.notes[index].pitch))") { document in
                var notes = document.score.notes
                notes.remove(at: index)
                document.setSeedNotes(notes)
            }
        }
        return writeNote(pitch: cursor.pitch, at: cursor.step)
    }

    /// Writes a note of the current length into the current part.
    mutating func writeNote(pitch: Int, at step: Int) -> [Effect] {
        let note = Note(pitch: pitch, start: step, length: noteLength, part: currentPart)
        let effects = commitEdit("add \(PitchName.name(of: pitch))") { document in
            // A note written over one of the same pitch in its part replaces it rather than doubling it.
            var notes = document.score.notes.filter { !($0.pitch == pitch && $0.start == step && $0.part == note.part) }
            notes.append(note)
            document.setSeedNotes(notes)
        }
        // Heard at once, like a tracker's preview, with its part's sound.
        return [.previewNote(pitch: pitch, velocity: note.velocity, program: currentPartInfo.program)] + effects
    }

    /// x / Delete: the seed note at the cursor, else the generated note of the current variation.
    mutating func deleteNoteAtCursor() -> [Effect] {
        if let index = seedNoteIndexAtCursor {
            return commitEdit("delete \(PitchName.name(of: document.score.notes[index].pitch))") { document in
                var notes = document.score.notes
                notes.remove(at: index)
                document.setSeedNotes(notes)
            }
        }
        if let index = generatedNoteIndexAtCursor {
            let variation = document.currentVariation
            let pitch = PitchName.name(of: document.variations[variation].notes[index].note.pitch)
            return commitEdit("delete the generated \(pitch)") { document in document.variations[variation].notes.remove(at: index) }
        }
        message = StatusMessage("no note at the cursor")
        return []
    }

    mutating func resizeNoteAtCursor(by delta: Int) -> [Effect] {
        guard let index = seedNoteIndexAtCursor else {
            message = StatusMessage("no seed note at the cursor")
            return []
        }
        let name = PitchName.name(of: document.score.notes[index].pitch)
        return commitEdit("\(delta < 0 ? "shorten" : "lengthen") \(name)") { document in
            var notes = document.score.notes
            notes[index].length = max(1, notes[index].length + delta)
            document.setSeedNotes(notes)
        }
    }

    /// Pastes the clipboard so that its first step lands on `step`. Notes copied from one part go
    /// into the current part (a phrase moves from voice to voice); notes of several parts keep theirs.
    mutating func paste(at step: Int) -> [Effect] {
        guard !clipboard.isEmpty else {
            message = StatusMessage("the clipboard is empty: select with v and copy with y")
            return []
        }
        let onePart = Set(clipboard.map(\.part)).count == 1
        let pasted = clipboard.map { note -> Note in
            var moved = note
            moved.start += step
            if onePart { moved.part = currentPart }
            return moved
        }
        message = StatusMessage("pasted \(plural(pasted.count, "note"))" + (onePart ? " into \(partLabel(currentPart))" : ""))
        return commitEdit("paste \(plural(pasted.count, "note"))") { document in
            let replaced = Set(pasted.map { [$0.pitch, $0.start, $0.part] })
            let kept = document.score.notes.filter { !replaced.contains([$0.pitch, $0.start, $0.part]) }
            document.setSeedNotes(kept + pasted)
        }
    }

    /// A new or newly opened score starts in its first part, with every part playing.
    mutating func resetParts() {
        currentPart = 0
        playback.muted = []
        playback.soloed = []
    }

    /// `neurascore new.mid`: an empty score (the restored one stays a `u` away) that `:w` writes
    /// to `path`, on the meter and tempo the composer had.
    mutating func startNewPiece(at path: String) -> [Effect] {
        var effects = stopRunningGeneration(reason: "")
        let blank = Score(
            stepsPerQuarter: document.score.stepsPerQuarter, tempo: document.score.tempo,
            timeSignature: document.score.timeSignature, keySignature: document.score.keySignature)
        effects += commitEdit("new piece \(path.lastPathComponentOfPath)") { document in
            document = ComposerDocument(score: blank)
        }
        filePath = path
        isDirty = false
        resetParts()
        cursor = Cursor(step: 0, pitch: 60)
        centreRollOnSingableRange()
        message = StatusMessage("new piece \(path): :w writes it there")
        return effects
    }

    mutating func open(_ score: Score, from path: String, changes: String? = nil) -> [Effect] {
        let effects = stopRunningGeneration(reason: "generation stopped: a file was opened")
        pushUndo("open \(path.lastPathComponentOfPath)")
        document = ComposerDocument(score: score)
        filePath = path
        isDirty = false
        cursor = Cursor(step: 0, pitch: score.notes.first?.pitch ?? 60)
        noteLength = max(1, score.stepsPerQuarter)
        resetParts()
        let parts = document.partCount > 1 ? " in \(document.partCount) parts" : ""
        message = StatusMessage(
            "opened \(path): \(score.notes.count) notes\(parts)" + (changes.map { "; on the grid: \($0)" } ?? ""))
        return effects
    }
}
