/// Where each part of the screen goes for a terminal size. The renderer draws by it and the
/// reducer uses it to scroll and to turn mouse clicks into steps and pitches.
public struct ScreenLayout: Hashable, Sendable {
    public static let minimumColumns = 40
    public static let minimumRows = 10
    /// Pitch name (4 columns) and the separator line.
    public static let gutterWidth = 5

    public let size: TerminalSize

    public init(size: TerminalSize) { self.size = size }

    public var isTooSmall: Bool {
        size.columns < Self.minimumColumns || size.rows < Self.minimumRows
    }

    public var headerRow: Int { 0 }
    public var rulerRow: Int { 1 }
    public var rollTop: Int { 2 }
    public var rollRows: Int { max(0, size.rows - 5) }
    public var entropyRow: Int { size.rows - 3 }
    /// The parts: each one's colour, name and program, which one new notes go into, and which are muted.
    public var legendRow: Int { size.rows - 2 }
    public var statusRow: Int { size.rows - 1 }
    public var rollLeft: Int { Self.gutterWidth }
    public var rollColumns: Int { max(0, size.columns - Self.gutterWidth) }

    /// The step and pitch under a screen cell, or nil outside the roll.
    public func gridPosition(column: Int, row: Int, scroll: ScrollOffset) -> Cursor? {
        guard !isTooSmall, column >= rollLeft, column < size.columns, row >= rollTop,
            row < rollTop + rollRows
        else { return nil }
        let pitch = scroll.topPitch - (row - rollTop)
        guard (0...127).contains(pitch) else { return nil }
        return Cursor(step: scroll.firstStep + column - rollLeft, pitch: pitch)
    }
}
