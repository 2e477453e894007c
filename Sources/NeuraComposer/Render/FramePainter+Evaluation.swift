import NeuraCore

/// Text in one role: a line of the evaluation view is made of these, so that its bars and flags
/// can have colours of their own.
struct Span: Hashable {
    var text: String
    var role: StyleRole

    init(_ text: String, _ role: StyleRole = .overlay) {
        self.text = text
        self.role = role
    }
}

/// The characters of a figure's bar.
struct EvaluationGlyphs {
    var axis: Character
    var range: Character
    var middle: Character
    var median: Character
    var take: Character

    static let unicode = EvaluationGlyphs(axis: "·", range: "─", middle: "█", median: "│", take: "●")
    static let ascii = EvaluationGlyphs(axis: ".", range: "-", middle: "=", median: "|", take: "O")

    init(axis: Character, range: Character, middle: Character, median: Character, take: Character) {
        (self.axis, self.range, self.middle, self.median, self.take) = (axis, range, middle, median, take)
    }

    init(_ glyphs: Glyphs) { self = glyphs == .ascii ? .ascii : .unicode }
}

extension FramePainter {
    mutating func drawEvaluation(_ panel: EvaluationPanel) {
        let title: String
        let lines: [[Span]]
        switch panel {
        case .measuring:
            title = "evaluation"
            lines = [[Span("measuring the take…")]]
        case .failed(let text):
            title = "evaluation"
            lines = [[Span(text, .statusError)], [Span("any key closes")]]
        case .ready(let evaluation):
            let layout = EvaluationLayout(
                evaluation: evaluation, glyphs: EvaluationGlyphs(glyphs), columns: columns,
                canCycle: state.document.variations.count > 1)
            title = layout.title
            lines = layout.lines
        }
        guard let box = drawBox(title: title, body: lines.map { $0.map(\.text).joined() }, anchorRow: nil) else { return }
        for (offset, spans) in lines.prefix(box.wholeLines).enumerated() {
            var column = box.left
            for span in spans {
                if span.role != .overlay {
                    grid.put(span.text, column: column, row: box.top + offset, role: span.role,
                             maxWidth: box.left + box.width - column)
                }
                column += span.text.count
            }
        }
    }
}

/// The evaluation view's lines: a row per figure with the take's value, the reference's median
/// in brackets and a bar over the reference's percentiles with the take marked on it; a flag
/// where the take lies beyond the 5th–95th percentiles.
struct EvaluationLayout {
    let evaluation: TakeEvaluation
    let glyphs: EvaluationGlyphs
    let barWidth: Int
    let canCycle: Bool

    static let nameWidth = 20
    static let valueWidth = 6
    static let medianWidth = 9

    init(evaluation: TakeEvaluation, glyphs: EvaluationGlyphs, columns: Int, canCycle: Bool) {
        self.evaluation = evaluation
        self.glyphs = glyphs
        self.canCycle = canCycle
        // The box's border and margins, the text columns and the flag take the rest.
        let fixed = 4 + Self.nameWidth + Self.valueWidth + Self.medianWidth + 2 + 7
        barWidth = min(30, max(10, columns - fixed))
    }

    var title: String {
        guard let label = evaluation.referenceLabel else { return "the take" }
        return "the take against \(label) (\(evaluation.referencePieces) pieces)"
    }

    var lines: [[Span]] {
        let size = "\(evaluation.bars) bar\(evaluation.bars == 1 ? "" : "s"), \(evaluation.noteCount) note\(evaluation.noteCount == 1 ? "" : "s")"
        var lines: [[Span]] = [[Span(size + (evaluation.referenceLabel.map { "; in brackets the median of \($0)" } ?? ""))]]
        lines += evaluation.figures.map(row)
        if let label = evaluation.referenceLabel {
            lines.append([
                Span(String(glyphs.range), .overlayBorder), Span(" 5–95% of \(label)  "),
                Span(String(glyphs.middle), .overlayTitle), Span(" middle half  "),
                Span(String(glyphs.median), .overlayTitle), Span(" median  "),
                Span(String(glyphs.take), .statusProgress), Span(" take  "),
                Span("!", .statusError), Span(" far off"),
            ])
        } else {
            let model = evaluation.model
            lines.append([Span("no reference figures in \(model); record its corpus's with")])
            lines.append([Span("  neurascore metrics CORPUS --record \(model)")])
        }
        lines.append([Span(canCycle ? "Tab: the next variation; any other key closes" : "any key closes")])
        return lines
    }

    func row(_ figure: TakeFigure) -> [Span] {
        let farOff = figure.standing.isFarOff
        let value = figure.value.map { fixed($0, decimals: figure.decimals) } ?? "-"
        let median = figure.reference.map { "(" + fixed($0.median, decimals: figure.decimals) + ")" } ?? ""
        var spans = [
            Span(figure.name.padding(to: Self.nameWidth)),
            Span(String(repeating: " ", count: max(0, Self.valueWidth - value.count)) + value, farOff ? .statusError : .overlay),
            Span(" " + median.padding(to: Self.medianWidth - 1) + " "),
        ]
        spans += bar(figure)
        switch figure.standing {
        case .low: spans.append(Span(" ! low", .statusError))
        case .high: spans.append(Span(" ! high", .statusError))
        default: break
        }
        return spans
    }

    /// The reference's 5th–95th percentiles, its middle half and its median, with the take's
    /// value marked, on a scale that holds them all with a little room on either side.
    func bar(_ figure: TakeFigure) -> [Span] {
        guard let spread = figure.reference else { return [Span(String(repeating: " ", count: barWidth))] }
        let low = min(spread.p5, figure.value ?? spread.p5)
        let high = max(spread.p95, figure.value ?? spread.p95)
        let margin = high > low ? (high - low) * 0.1 : max(abs(low), 1) * 0.25
        let (from, to) = (low - margin, high + margin)
        func cell(_ value: Double) -> Int {
            min(barWidth - 1, max(0, Int(((value - from) / (to - from) * Double(barWidth - 1)).rounded())))
        }
        var cells = Array(repeating: Span(String(glyphs.axis)), count: barWidth)
        for index in cell(spread.p5)...cell(spread.p95) { cells[index] = Span(String(glyphs.range), .overlayBorder) }
        for index in cell(spread.p25)...cell(spread.p75) { cells[index] = Span(String(glyphs.middle), .overlayTitle) }
        cells[cell(spread.median)] = Span(String(glyphs.median), .overlayTitle)
        if let value = figure.value {
            cells[cell(value)] = Span(String(glyphs.take), figure.standing.isFarOff ? .statusError : .statusProgress)
        }
        // Neighbouring cells of one role become one span.
        var spans: [Span] = []
        for span in cells {
            if let last = spans.last, last.role == span.role {
                spans[spans.count - 1].text += span.text
            } else {
                spans.append(span)
            }
        }
        return spans
    }
}
