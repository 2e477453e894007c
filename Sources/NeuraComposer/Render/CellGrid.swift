/// One terminal cell. Every glyph the renderer uses is one column wide.
public struct Cell: Hashable, Sendable {
    public var glyph: Unicode.Scalar
    public var role: StyleRole

    public init(_ glyph: Unicode.Scalar, _ role: StyleRole) {
        self.glyph = glyph
        self.role = role
    }

    public static let blank = Cell(" ", .background)
}

/// A screen's worth of cells, row-major. The renderer fills it; the terminal diffs it.
public struct CellGrid: Hashable, Sendable {
    public let size: TerminalSize
    public private(set) var cells: [Cell]

    public init(size: TerminalSize, filling cell: Cell = .blank) {
        self.size = TerminalSize(columns: max(0, size.columns), rows: max(0, size.rows))
        cells = Array(repeating: cell, count: self.size.columns * self.size.rows)
    }

    public subscript(column: Int, row: Int) -> Cell {
        get { cells[row * size.columns + column] }
        set {
            guard column >= 0, column < size.columns, row >= 0, row < size.rows else { return }
            cells[row * size.columns + column] = newValue
        }
    }

    /// Writes `text` from `column`, clipped at the grid's edge or after `maxWidth` cells.
    /// Characters made of several scalars (rare in our text) keep their first scalar.
    public mutating func put(_ text: String, column: Int, row: Int, role: StyleRole, maxWidth: Int = .max) {
        guard row >= 0, row < size.rows else { return }
        var x = column
        let limit = maxWidth >= size.columns ? size.columns : min(size.columns, column + max(0, maxWidth))
        for character in text {
            if x >= limit { break }
            if x >= 0, let scalar = character.unicodeScalars.first {
                cells[row * size.columns + x] = Cell(scalar, role)
            }
            x += 1
        }
    }

    public mutating func fill(row: Int, from column: Int = 0, to end: Int? = nil, with cell: Cell) {
        guard row >= 0, row < size.rows else { return }
        let last = min(size.columns, end ?? size.columns)
        for x in max(0, column)..<max(max(0, column), last) { cells[row * size.columns + x] = cell }
    }

    public mutating func setRole(_ role: StyleRole, column: Int, row: Int) {
        guard column >= 0, column < size.columns, row >= 0, row < size.rows else { return }
        cells[row * size.columns + column].role = role
    }

    /// The characters row by row, for tests and for logging a frame.
    public var lines: [String] {
        (0..<size.rows).map { row in
            var line = String.UnicodeScalarView()
            line.append(contentsOf: cells[row * size.columns..<(row + 1) * size.columns].map(\.glyph))
            return String(line)
        }
    }

    /// The roles of one row as one letter per cell, for tests: see `StyleRole.testLetter`.
    public func roleLine(_ row: Int) -> String {
        String(cells[row * size.columns..<(row + 1) * size.columns].map(\.role.testLetter))
    }
}

extension StyleRole {
    /// A letter per role so tests can compare colour layout with string literals.
    public var testLetter: Character {
        switch self {
        case .seedNote: "S"
        case .generatedNote: "G"
        // Parts 2–8: written T U W X Y Z Q, generated H I J K L M N.
        case .part2: "T"
        case .part3: "U"
        case .part4: "W"
        case .part5: "X"
        case .part6: "Y"
        case .part7: "Z"
        case .part8: "Q"
        case .generatedPart2: "H"
        case .generatedPart3: "I"
        case .generatedPart4: "J"
        case .generatedPart5: "K"
        case .generatedPart6: "L"
        case .generatedPart7: "M"
        case .generatedPart8: "N"
        case .cursor: "C"
        case .playhead: "P"
        case .selection: "V"
        case .whiteKey: "w"
        case .blackKey: "b"
        case .gridWhiteRow, .gridBlackRow, .gridBeatLine, .gridBarLine: "."
        case .entropyLow: "1"
        case .entropyMid: "2"
        case .entropyHigh: "3"
        default: "-"
        }
    }
}
