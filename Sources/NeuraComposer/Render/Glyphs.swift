/// The characters the renderer draws with: Unicode box drawing, or plain ASCII for terminals
/// and locales that cannot show it (the shell chooses from the locale).
public struct Glyphs: Hashable, Sendable {
    public var barLine: Unicode.Scalar
    public var beatLine: Unicode.Scalar
    public var gutterSeparator: Unicode.Scalar
    public var seedHead: Unicode.Scalar
    public var seedBody: Unicode.Scalar
    public var generatedHead: Unicode.Scalar
    public var generatedBody: Unicode.Scalar
    public var cursor: Unicode.Scalar
    public var playhead: Unicode.Scalar
    public var rulerBeat: Unicode.Scalar
    /// Lowest to highest.
    public var entropyLevels: [Unicode.Scalar]
    public var progressFull: Unicode.Scalar
    public var progressEmpty: Unicode.Scalar
    public var boxHorizontal: Unicode.Scalar
    public var boxVertical: Unicode.Scalar
    public var boxTopLeft: Unicode.Scalar
    public var boxTopRight: Unicode.Scalar
    public var boxBottomLeft: Unicode.Scalar
    public var boxBottomRight: Unicode.Scalar
    public var separator: String

    public static let unicode = Glyphs(
        barLine: "│", beatLine: "┊", gutterSeparator: " ", seedHead: "▐", seedBody: "█",
        generatedHead: "▐", generatedBody: "▓", cursor: "┼", playhead: "▼", rulerBeat: "·",
        entropyLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], progressFull: "█", progressEmpty: "░",
        boxHorizontal: "─", boxVertical: "│", boxTopLeft: "┌", boxTopRight: "┐", boxBottomLeft: "└",
        boxBottomRight: "┘", separator: " │ ")

    public static let ascii = Glyphs(
        barLine: "|", beatLine: ":", gutterSeparator: " ", seedHead: "[", seedBody: "=",
        generatedHead: "{", generatedBody: "~", cursor: "+", playhead: "v", rulerBeat: ".",
        entropyLevels: [".", ":", "-", "=", "+", "*", "#", "@"], progressFull: "#", progressEmpty: "-",
        boxHorizontal: "-", boxVertical: "|", boxTopLeft: "+", boxTopRight: "+", boxBottomLeft: "+",
        boxBottomRight: "+", separator: " | ")
}
