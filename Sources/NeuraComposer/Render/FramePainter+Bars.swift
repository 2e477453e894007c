import NeuraMusic

extension FramePainter {
    mutating func drawHeader() {
        let row = layout.headerRow
        grid.fill(row: row, with: Cell(" ", .header))
        let parameters = state.parameters
        let score = state.score
        let model = parameters.modelName + (parameters.controls.style.map { " (\($0))" } ?? "")
        var parts = [
            "model \(model)",
            "tempo \(fixed(score.tempo, decimals: 0))",
            "\(score.timeSignature.numerator)/\(score.timeSignature.denominator)",
            "temp \(fixed(Double(parameters.controls.temperature), decimals: 2))",
            "len \(parameters.lengthBars) bar\(parameters.lengthBars == 1 ? "" : "s")",
            "top-p " + (parameters.controls.topP.map { fixed(Double($0), decimals: 2) } ?? "off"),
            "seed \(parameters.controls.rngSeed)",
        ]
        if let end = parameters.end.label { parts.insert(end, at: 5) }
        if let scale = parameters.controls.scale { parts.append("scale \(scale)") }
        let title = " NeuraScore"
        grid.put(title, column: 0, row: row, role: .headerAccent)
        let file = state.filePath.map { glyphs.separator + $0.lastPathComponentOfPath + (state.isDirty ? " [+]" : "") } ?? ""
        // A narrow terminal loses whole fields from the end (the seed first), never half a word;
        // the file name stays.
        var text = glyphs.separator + parts.joined(separator: glyphs.separator) + file
        while title.count + text.count > columns, parts.count > 1 {
            parts.removeLast()
            text = glyphs.separator + parts.joined(separator: glyphs.separator) + file
        }
        grid.put(text, column: title.count, row: row, role: .header)
    }

    mutating func drawStatusLine() {
        let row = layout.statusRow
        if case .commandLine(let text) = state.mode {
            grid.fill(row: row, with: Cell(" ", .commandLine))
            // Keep the end of a long command visible, as shells do.
            let visible = String((":" + text).suffix(max(1, columns - 1)))
            grid.put(visible, column: 0, row: row, role: .commandLine)
            grid[min(columns - 1, visible.count), row] = Cell(glyphs.progressFull, .commandLine)
            return
        }
        grid.fill(row: row, with: Cell(" ", .status))
        let modeLabel = " \(state.mode.label) "
        grid.put(modeLabel, column: 0, row: row, role: .statusMode)
        var x = modeLabel.count
        // Progress on the right wins over everything. A message wins over the cursor's text: the
        // note length goes first, then the bar:beat position, then the pitch, so that on an
        // 80-column terminal a message keeps its file name and its reason.
        let right = statusRightText()
        let rightStart = max(x, columns - right.count)
        let cursorTexts = statusCursorTexts()
        var left = cursorTexts[0]
        var messageRoom = 0
        if let message = state.message, !message.text.isEmpty {
            let needed = message.text.withShortenedPaths.count
            let room = { (text: String) in rightStart - x - text.count - 3 }
            if let fitting = cursorTexts.first(where: { room($0) >= needed }) {
                left = fitting
            } else if let shortest = cursorTexts.last, room(shortest) >= Self.shortenedMessageMinimum {
                left = shortest
            }
            messageRoom = room(left)
        }
        grid.put(left, column: x, row: row, role: .status, maxWidth: rightStart - x)
        x += left.count
        if let message = state.message, !message.text.isEmpty, messageRoom > 0 {
            grid.put("  " + message.text.fitted(toWidth: messageRoom), column: x, row: row,
                     role: message.isError ? .statusError : .status, maxWidth: messageRoom + 2)
        }
        grid.put(right, column: rightStart, row: row, role: .statusProgress)
    }

    /// A message that cannot fit whole takes the cursor's details only when that leaves it this
    /// many columns; on a narrower line the cursor keeps them and the message loses its middle.
    static var shortenedMessageMinimum: Int { 24 }

    /// What the status line says about the cursor, longest first.
    private func statusCursorTexts() -> [String] {
        let cursor = state.cursor
        let pitch = " \(PitchName.name(of: cursor.pitch))"
        let position = FramePainter.position(of: cursor.step, stepsPerBar: state.stepsPerBar, stepsPerBeat: state.stepsPerBeat)
        var details = "  len \(NoteLengths.name(steps: state.noteLength, stepsPerQuarter: state.score.stepsPerQuarter))"
        if state.mode == .pianoEntry { details += "  oct \(state.pianoOctave)" }
        if let selection = state.selection { details += "  sel \(selection.count) step\(selection.count == 1 ? "" : "s")" }
        return [pitch + " " + position + details, pitch + " " + position, pitch, ""]
    }

    private func statusRightText() -> String {
        switch state.generation {
        case .running(_, let progress):
            let width = 10
            let filled = Int((progress * Double(width)).rounded(.down))
            let bar = String(repeating: Character(glyphs.progressFull), count: filled)
                + String(repeating: Character(glyphs.progressEmpty), count: width - filled)
            return " gen \(bar) \(Int((progress * 100).rounded(.down)))% "
        case .idle, .failed:
            var text = ""
            if state.isPlaying { text += " playing" }
            if state.playback.loops { text += " loop" }
            let count = state.document.variations.count
            if count > 0 { text += " var \(state.document.currentVariation + 1)/\(count)" }
            return text.isEmpty ? "" : text + " "
        }
    }
}

extension String {
    /// The file name of a path, without Foundation.
    var lastPathComponentOfPath: String {
        split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? self
    }

    /// The text in at most `width` characters, for a status line. Paths lose their folders
    /// first ("…/take.mid"), because the file name and the reason after it are what a user
    /// needs; text still too long loses its middle, so both its start and its end stay readable.
    func fitted(toWidth width: Int) -> String {
        guard count > width else { return self }
        let shortened = withShortenedPaths
        guard shortened.count > width else { return shortened }
        guard width > 2 else { return String(shortened.prefix(max(0, width))) }
        let head = (width - 1) / 2
        return shortened.prefix(head) + "…" + shortened.suffix(width - 1 - head)
    }

    /// Every absolute path reduced to its last part: "/a/b/take.mid" becomes "…/take.mid".
    var withShortenedPaths: String {
        split(separator: " ", omittingEmptySubsequences: false).map { word -> Substring in
            guard word.hasPrefix("/") || word.hasPrefix("~/"),
                  let slash = word.dropLast().lastIndex(of: "/"), slash != word.startIndex
            else { return word }
            return "…" + word[slash...]
        }.joined(separator: " ")
    }
}
