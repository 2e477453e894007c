import NeuraMusic

extension FramePainter {
    /// The row above the status line: each part's colour, number, name and program, the part new
    /// notes go into in the cursor's colours, and the muted and soloed parts marked. The most
    /// detailed wording that fits is used, down to the parts' numbers.
    mutating func drawPartLegend() {
        let row = layout.legendRow
        grid.fill(row: row, with: Cell(" ", .background))
        let parts = state.document.parts
        let wordings = LegendDetail.allCases.map { detail in parts.indices.map { legendText(of: $0, detail) } }
        let chosen = wordings.first { texts in texts.reduce(1) { $0 + $1.count + 4 } <= columns } ?? wordings[wordings.count - 1]
        var x = 1
        for (index, text) in chosen.enumerated() {
            guard x < columns else { break }
            let sounds = state.playback.sounds(part: index)
            grid[x, row] = Cell(glyphs.seedBody, sounds ? .note(ofPart: index, generated: false) : .ruler)
            grid.put(text, column: x + 2, row: row, role: index == state.currentPart ? .cursor : .ruler)
            x += text.count + 4
        }
        let hint = parts.count > 1 ? "t T part, m mute, s solo" : "t T part, :part NAME adds one"
        let hintStart = columns - hint.count - 1
        if hintStart >= x { grid.put(hint, column: hintStart, row: row, role: .ruler) }
    }

    enum LegendDetail: CaseIterable {
        case program, programNumber, name, number
    }

    /// "2 Alto: 52 Choir Aahs, muted", "2 Alto 52 muted", "2 Alto (m)", "2m".
    func legendText(of index: Int, _ detail: LegendDetail) -> String {
        let part = state.document.score.part(index)
        let playback = state.playback
        let flag = playback.muted.contains(index) ? "muted" : (playback.soloed.contains(index) ? "solo" : "")
        let sound = part.isDrum ? "drums" : "\(part.program)"
        switch detail {
        case .program:
            let instrument = part.isDrum ? "drums" : "\(part.program) \(GeneralMIDI.programName(part.program))"
            return "\(index + 1) \(part.name): \(instrument)" + (flag.isEmpty ? "" : ", \(flag)")
        case .programNumber: return "\(index + 1) \(part.name) \(sound)" + (flag.isEmpty ? "" : " \(flag)")
        case .name: return "\(index + 1) \(part.name)" + (flag.isEmpty ? "" : " (\(flag.prefix(1)))")
        case .number: return "\(index + 1)" + flag.prefix(1)
        }
    }
}
