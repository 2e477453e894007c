import NeuraMusic

public struct RenderOptions: Hashable, Sendable {
    public var glyphs: Glyphs

    public init(unicode: Bool) { glyphs = unicode ? .unicode : .ascii }
}

/// Lays the state out into a grid of cells. Pure: it reads the state and changes nothing.
/// Colours are not decided here; cells carry roles and the theme resolves them in the shell.
public func render(_ state: ComposerState, size: TerminalSize, options: RenderOptions) -> CellGrid {
    var grid = CellGrid(size: size)
    let layout = ScreenLayout(size: size)
    if layout.isTooSmall {
        drawTooSmall(into: &grid)
        return grid
    }
    var painter = FramePainter(state: state, layout: layout, glyphs: options.glyphs, grid: grid)
    painter.drawHeader()
    painter.drawRuler()
    painter.drawRoll()
    painter.drawEntropyStrip()
    painter.drawPartLegend()
    painter.drawStatusLine()
    switch state.mode {
    case .help: painter.drawHelp()
    case .alternatives(let noteIndex): painter.drawAlternatives(noteIndex: noteIndex)
    case .evaluation(let panel): painter.drawEvaluation(panel)
    default: break
    }
    return painter.grid
}

private func drawTooSmall(into grid: inout CellGrid) {
    let size = grid.size
    let lines = [
        "terminal too small",
        "need \(ScreenLayout.minimumColumns)x\(ScreenLayout.minimumRows), have \(size.columns)x\(size.rows)",
    ]
    let top = max(0, size.rows / 2 - 1)
    for (offset, line) in lines.enumerated() {
        let left = max(0, (size.columns - line.count) / 2)
        grid.put(line, column: left, row: top + offset, role: .statusError)
    }
}

/// Draws one frame. A struct with the grid inside so each part is a small method.
struct FramePainter {
    let state: ComposerState
    let layout: ScreenLayout
    let glyphs: Glyphs
    var grid: CellGrid

    var columns: Int { layout.size.columns }
    var firstStep: Int { state.scroll.firstStep }
    var visibleSteps: Range<Int> { firstStep..<(firstStep + layout.rollColumns) }

    func column(ofStep step: Int) -> Int { layout.rollLeft + step - firstStep }

    func row(ofPitch pitch: Int) -> Int? {
        let row = layout.rollTop + state.scroll.topPitch - pitch
        return row >= layout.rollTop && row < layout.rollTop + layout.rollRows ? row : nil
    }

    /// Bar, beat and sixteenth of a step, counted from 1 as musicians do.
    static func position(of step: Int, stepsPerBar: Int, stepsPerBeat: Int) -> String {
        let bar = step / stepsPerBar + 1
        let beat = (step % stepsPerBar) / stepsPerBeat + 1
        let sub = step % stepsPerBeat + 1
        return "\(bar):\(beat):\(sub)"
    }
}
