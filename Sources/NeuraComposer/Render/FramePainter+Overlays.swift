import NeuraMusic

extension FramePainter {
    mutating func drawHelp() {
        let keyWidth = HelpText.lines.map(\.keys.count).max() ?? 0
        let body = HelpText.lines.map { $0.keys.padding(to: keyWidth) + "  " + $0.action }
        drawBox(title: "keys", body: body, anchorRow: nil)
    }

    mutating func drawAlternatives(noteIndex: Int) {
        guard let variation = state.document.current, variation.notes.indices.contains(noteIndex) else { return }
        let generated = variation.notes[noteIndex]
        let shown = generated.alternatives.prefix(9)
        // With several parts, each choice says which part it would go in.
        let names = state.document.partCount > 1 ? shown.map { state.document.score.part($0.part).name } : []
        let nameWidth = names.map(\.count).max() ?? 0
        var body = shown.enumerated().map { offset, alternative in
            let percent = fixed(alternative.probability * 100, decimals: 1) + "%"
            let inTake = alternative.pitch == generated.note.pitch && alternative.part == generated.note.part
            let part = names.isEmpty ? "" : names[offset].padding(to: nameWidth) + " "
            let pitch = PitchName.name(of: alternative.pitch).padding(to: 4)
            return "\(offset + 1)  \(pitch) \(part)\(percent)\(inTake ? "  (in the take)" : "")"
        }
        body.append("digit: pick and resample")
        body.append("other key: close")
        drawBox(title: "model's choices", body: body, anchorRow: row(ofPitch: generated.note.pitch))
    }

    /// Where `drawBox` put the body: its first text column and row, its width, and how many of
    /// its lines are shown whole (a body too tall for the screen loses its last lines).
    struct BoxPlacement {
        var left: Int
        var top: Int
        var width: Int
        var wholeLines: Int
    }

    /// A bordered box centred on the screen (or below `anchorRow`), trimmed to fit.
    @discardableResult
    mutating func drawBox(title: String, body: [String], anchorRow: Int?) -> BoxPlacement? {
        let maxInner = columns - 4
        let innerWidth = min(maxInner, max(title.count + 2, body.map(\.count).max() ?? 0))
        let maxBodyRows = layout.size.rows - 4
        guard innerWidth > 4, maxBodyRows > 0 else { return nil }
        var shown = Array(body.prefix(maxBodyRows))
        if body.count > maxBodyRows { shown[shown.count - 1] = "… (enlarge the window)" }
        let width = innerWidth + 4
        let height = shown.count + 2
        let left = (columns - width) / 2
        var top = (layout.size.rows - height) / 2
        if let anchorRow { top = min(layout.size.rows - 1 - height, anchorRow + 1) }
        top = max(0, top)

        let horizontal = String(repeating: Character(glyphs.boxHorizontal), count: width - 2)
        grid.put(String(glyphs.boxTopLeft) + horizontal + String(glyphs.boxTopRight), column: left, row: top,
                 role: .overlayBorder)
        grid.put(" \(title) ", column: left + 2, row: top, role: .overlayTitle)
        for (offset, line) in shown.enumerated() {
            let row = top + 1 + offset
            grid[left, row] = Cell(glyphs.boxVertical, .overlayBorder)
            grid.put(" " + line.padding(to: innerWidth) + " ", column: left + 1, row: row, role: .overlay)
            grid[left + width - 1, row] = Cell(glyphs.boxVertical, .overlayBorder)
        }
        grid.put(String(glyphs.boxBottomLeft) + horizontal + String(glyphs.boxBottomRight), column: left,
                 row: top + height - 1, role: .overlayBorder)
        return BoxPlacement(
            left: left + 2, top: top + 1, width: innerWidth, wholeLines: body.count > maxBodyRows ? shown.count - 1 : shown.count)
    }
}
