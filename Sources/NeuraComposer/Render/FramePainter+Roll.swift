import NeuraMusic

extension FramePainter {
    mutating func drawRuler() {
        let row = layout.rulerRow
        grid.fill(row: row, with: Cell(" ", .ruler))
        var nextFree = layout.rollLeft
        for step in visibleSteps {
            let x = column(ofStep: step)
            if step % state.stepsPerBar == 0 {
                let label = String(step / state.stepsPerBar + 1)
                if x >= nextFree {
                    grid.put(label, column: x, row: row, role: .rulerBar)
                    nextFree = x + label.count + 1
                }
            } else if step % state.stepsPerBeat == 0, x >= nextFree {
                grid[x, row] = Cell(glyphs.rulerBeat, .ruler)
            }
        }
        if let playhead = state.playhead, visibleSteps.contains(playhead) {
            grid[column(ofStep: playhead), row] = Cell(glyphs.playhead, .playhead)
        }
    }

    mutating func drawRoll() {
        let selection = state.selection
        for offset in 0..<layout.rollRows {
            let row = layout.rollTop + offset
            let pitch = state.scroll.topPitch - offset
            guard pitch >= 0 else {
                grid.fill(row: row, with: .blank)
                continue
            }
            let black = PitchName.isBlackKey(pitch)
            let name = PitchName.name(of: pitch)
            let nameRole: StyleRole = pitch == state.cursor.pitch ? .cursor : (black ? .blackKey : .whiteKey)
            grid.put(name.padding(to: ScreenLayout.gutterWidth - 1), column: 0, row: row, role: nameRole)
            grid[ScreenLayout.gutterWidth - 1, row] = Cell(glyphs.gutterSeparator, .gutterSeparator)
            let rowRole: StyleRole = black ? .gridBlackRow : .gridWhiteRow
            for step in visibleSteps {
                let cell: Cell
                if step == state.playhead {
                    cell = Cell(glyphs.barLine, .playhead)
                } else if step % state.stepsPerBar == 0 {
                    cell = Cell(glyphs.barLine, .gridBarLine)
                } else if step % state.stepsPerBeat == 0 {
                    cell = Cell(glyphs.beatLine, .gridBeatLine)
                } else {
                    cell = Cell(" ", rowRole)
                }
                grid[column(ofStep: step), row] = cell
                if let selection, selection.contains(step) {
                    grid.setRole(.selection, column: column(ofStep: step), row: row)
                }
            }
        }
        if let variation = state.document.current {
            for generated in variation.notes {
                drawNote(generated.note, head: glyphs.generatedHead, body: glyphs.generatedBody, role: .generatedNote)
            }
        }
        for note in state.document.visibleSeedNotes {
            drawNote(note, head: glyphs.seedHead, body: glyphs.seedBody, role: .seedNote)
        }
        drawCursor()
    }

    mutating func drawNote(_ note: Note, head: Unicode.Scalar, body: Unicode.Scalar, role: StyleRole) {
        guard let row = row(ofPitch: note.pitch), note.end > firstStep, note.start < visibleSteps.upperBound
        else { return }
        for step in max(note.start, firstStep)..<min(note.end, visibleSteps.upperBound) {
            grid[column(ofStep: step), row] = Cell(step == note.start ? head : body, role)
        }
    }

    mutating func drawCursor() {
        guard let row = row(ofPitch: state.cursor.pitch), visibleSteps.contains(state.cursor.step) else { return }
        let x = column(ofStep: state.cursor.step)
        let underneath = grid[x, row]
        let onNote = underneath.role == .seedNote || underneath.role == .generatedNote
        grid[x, row] = Cell(onNote ? underneath.glyph : glyphs.cursor, .cursor)
    }

    /// One cell per step, shaded by how unsure the model was when it sampled there.
    mutating func drawEntropyStrip() {
        let row = layout.entropyRow
        grid.fill(row: row, with: Cell(" ", .background))
        grid.put("ent".padding(to: ScreenLayout.gutterWidth - 1), column: 0, row: row, role: .whiteKey)
        grid[ScreenLayout.gutterWidth - 1, row] = Cell(glyphs.gutterSeparator, .gutterSeparator)
        guard let entropy = state.document.current?.entropyByStep, !entropy.isEmpty else { return }
        let levels = glyphs.entropyLevels
        for step in visibleSteps {
            guard let nats = entropy[step] else { continue }
            let fraction = min(1, max(0, nats / Self.entropyScaleNats))
            let level = min(levels.count - 1, Int(fraction * Double(levels.count)))
            let role: StyleRole = fraction < 1.0 / 3 ? .entropyLow : (fraction < 2.0 / 3 ? .entropyMid : .entropyHigh)
            grid[column(ofStep: step), row] = Cell(levels[level], role)
        }
    }

    /// Entropies at or above this many nats get the top shade (about 55 equally likely events).
    static var entropyScaleNats: Double { 4.0 }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }
}
