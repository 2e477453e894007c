/// How many colours the terminal can show, decided once at start-up.
public enum ColorDepth: Hashable, Sendable {
    /// NO_COLOR, or a terminal without colour: attributes only.
    case none
    case eight
    case palette256
    /// A direct-colour terminfo (e.g. TERM=xterm-direct): colours are 0xRRGGBB.
    case trueColor

    /// NO_COLOR (any non-empty value, see no-color.org) always wins.
    public static func detect(environment: [String: String], hasColors: Bool, colorCount: Int) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        guard hasColors else { return .none }
        if colorCount >= 1 << 24 { return .trueColor }
        if colorCount >= 256 { return .palette256 }
        if colorCount >= 8 { return .eight }
        return .none
    }

    /// The colour number for this depth; -1 is the terminal's default.
    public func number(for color: ThemeColor) -> Int {
        switch self {
        case .none: -1
        case .eight: color.palette8 ?? -1
        case .palette256: color.palette256 ?? -1
        case .trueColor: color.trueColor.map(Int.init) ?? -1
        }
    }
}
