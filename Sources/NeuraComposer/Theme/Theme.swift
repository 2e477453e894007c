public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1)
    public static let dim = TextAttributes(rawValue: 2)
    public static let underline = TextAttributes(rawValue: 4)
    public static let reverse = TextAttributes(rawValue: 8)

    static let names: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse),
    ]
}

/// One colour at every depth a terminal may have. nil means the terminal's default colour.
public struct ThemeColor: Hashable, Sendable {
    public var trueColor: UInt32?
    public var palette256: Int?
    public var palette8: Int?

    public init(trueColor: UInt32?, palette256: Int?, palette8: Int?) {
        self.trueColor = trueColor
        self.palette256 = palette256
        self.palette8 = palette8
    }

    public static let terminalDefault = ThemeColor(trueColor: nil, palette256: nil, palette8: nil)
}

public struct RoleStyle: Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var attributes: TextAttributes

    public init(foreground: ThemeColor, background: ThemeColor, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// Colours for every style role.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var styles: [StyleRole: RoleStyle]

    public init(name: String, styles: [StyleRole: RoleStyle]) {
        self.name = name
        self.styles = styles
    }

    public func style(for role: StyleRole) -> RoleStyle {
        styles[role] ?? RoleStyle(foreground: .terminalDefault, background: .terminalDefault)
    }

    /// How each role looks without colour (NO_COLOR, or a terminal with none): attributes only,
    /// chosen so that notes, the cursor and the selection stay distinguishable.
    public static func monochromeAttributes(for role: StyleRole) -> TextAttributes {
        switch role {
        case .header, .statusMode, .commandLine, .overlayTitle: .reverse
        case .headerAccent: [.reverse, .bold]
        case .seedNote, .part2, .part3, .part4, .part5, .part6, .part7, .part8: .bold
        case .generatedNote, .generatedPart2, .generatedPart3, .generatedPart4, .generatedPart5, .generatedPart6,
            .generatedPart7, .generatedPart8: .dim
        case .cursor: [.reverse, .bold]
        case .playhead: .bold
        case .selection: .reverse
        case .statusError: [.bold, .underline]
        case .blackKey, .gridBeatLine, .gridBlackRow: .dim
        case .rulerBar, .overlayBorder, .entropyHigh: .bold
        case .entropyLow: .dim
        default: []
        }
    }
}
