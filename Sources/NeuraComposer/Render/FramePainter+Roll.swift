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
        // Each part in its own colour; the model's notes in a glyph of their own.
        if let variation = state.document.current {
            for generated in variation.notes {
                drawNote(generated.note, head: glyphs.generatedHead, body: glyphs.generatedBody,
                         role: .note(ofPart: generated.note.part, generated: true))
            }
        }
        for note in state.document.visibleSeedNotes {
            drawNote(note, head: glyphs.seedHead, body: glyphs.seedBody, role: .note(ofPart: note.part, generated: false))
        }
        if state.isEmpty { drawEmptyScoreHint() }
        drawCursor()
    }

    /// An empty score says how to begin, a little above the middle of the roll (the cursor's
    /// C4 sits below it), in the longest wording that fits.
    mutating func drawEmptyScoreHint() {
        let wordings: [[String]] = [
            ["An empty score. Enter puts a note at the cursor, i plays the keyboard,",
             "g lets the model continue your notes, ? lists every key."],
            ["Enter puts a note, i plays the keyboard,", "g continues, ? lists every key."],
            ["? lists every key"],
        ]
        guard let lines = wordings.first(where: { $0.allSatisfy { $0.count + 2 <= layout.rollColumns } }),
              layout.rollRows > lines.count + 2
        else { return }
        let width = (lines.map(\.count).max() ?? 0) + 2
        let left = layout.rollLeft + (layout.rollColumns - width) / 2
        let top = layout.rollTop + max(0, layout.rollRows / 2 - lines.count - 1)
        for (offset, line) in lines.enumerated() {
            grid.put(" " + line.padding(to: width - 1), column: left, row: top + offset, role: .ruler)
        }
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
        let onNote = StyleRole.partPalette.contains(underneath.role) || StyleRole.generatedPartPalette.contains(underneath.role)
        grid[x, row] = Cell(onNote ? underneath.glyph : glyphs.cursor, .cursor)
    }

    /// The strip under the roll: at each step where the model sampled, how unsure it was,
    /// from ▁ (sure) to █ (unsure); blank where it decided nothing. A legend says so wherever
    /// the strip has room, and before the first generation it explains what will appear there.
    mutating func drawEntropyStrip() {
        let row = layout.entropyRow
        grid.fill(row: row, with: Cell(" ", .background))
        let levels = glyphs.entropyLevels
        var shaded: [Int: Int] = [:]
        if let variation = state.document.current {
            let notesByStep = Dictionary(grouping: variation.notes, by: \.note.start).mapValues(\.count)
            for step in visibleSteps {
                guard let nats = variation.entropyByStep[step], nats > 0 else { continue }
                let level = Self.entropyLevel(natsPerNote: nats / Double(max(1, notesByStep[step] ?? 0)), levels: levels.count)
                shaded[column(ofStep: step)] = level
                let role: StyleRole = level < levels.count / 3 ? .entropyLow : (level < levels.count * 2 / 3 ? .entropyMid : .entropyHigh)
                grid[column(ofStep: step), row] = Cell(levels[level], role)
            }
        }
        drawEntropyLegend(row: row, shadedColumns: Set(shaded.keys))
    }

    /// The legend goes in the widest stretch of the strip with no readings: before the first
    /// reading (under the seed) or after the last one; the longest wording that fits is used.
    private mutating func drawEntropyLegend(row: Int, shadedColumns: Set<Int>) {
        let levels = glyphs.entropyLevels
        let key = "\(levels[0]) sure \(levels[levels.count - 1]) unsure"
        let wordings = state.document.current == nil
            ? ["after g, how unsure the model was at each step: " + key, "after g: " + key, key]
            : ["how unsure the model was at each step: " + key, "model: " + key, key]
        let left = layout.rollLeft, right = columns
        let firstShaded = shadedColumns.min() ?? right + 1
        let lastShaded = shadedColumns.max() ?? left - 2
        // One blank column between the legend and the readings.
        let before = left..<max(left, firstShaded - 1)
        let after = min(right, lastShaded + 2)..<right
        let room = before.count >= after.count ? before : after
        guard let text = wordings.first(where: { $0.count <= room.count }) else { return }
        let start = room == before ? room.lowerBound : room.upperBound - text.count
        grid.put(text, column: start, row: row, role: .ruler)
        grid[start + text.count - key.count, row] = Cell(levels[0], .entropyLow)
        grid[start + text.count - "unsure".count - 2, row] = Cell(levels[levels.count - 1], .entropyHigh)
    }

    /// The shade of a step's reading. A note's decisions at a step (its pitch, its length and
    /// the time shift that reached it) took a median of 2.2 nats in takes of the bundled
    /// chorale model and 2.7 in the folk model (4 bars from "C4 E4 G4 C5", six random seeds,
    /// temperature 1, top-p 0.95: the middle 80% lay within 1.8–2.7 and 1.9–3.7). The scale
    /// runs from `entropyFloorNats` (about e¹ ≈ 3 even choices: sure) to `entropyCeilingNats`
    /// (about e⁴ ≈ 55: guessing), so an ordinary step sits mid-scale and the doubtful ones
    /// stand out. A chord's reading is shared among its notes, or every chord would top it.
    static func entropyLevel(natsPerNote: Double, levels: Int) -> Int {
        let fraction = (natsPerNote - entropyFloorNats) / (entropyCeilingNats - entropyFloorNats)
        return min(levels - 1, max(0, Int(fraction * Double(levels))))
    }

    static var entropyFloorNats: Double { 1.0 }
    static var entropyCeilingNats: Double { 4.0 }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }
}
