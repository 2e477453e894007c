/// What a cell is, not how it looks: the theme turns roles into colours and attributes.
/// The raw values are the table names in theme files.
public enum StyleRole: String, CaseIterable, Hashable, Sendable {
    case background
    case header
    case headerAccent
    case ruler
    case rulerBar
    case whiteKey
    case blackKey
    case gutterSeparator
    case gridWhiteRow
    case gridBlackRow
    case gridBeatLine
    case gridBarLine
    case seedNote
    case generatedNote
    case cursor
    case playhead
    case selection
    case entropyLow
    case entropyMid
    case entropyHigh
    case status
    case statusMode
    case statusError
    case statusProgress
    case commandLine
    case overlay
    case overlayBorder
    case overlayTitle
}
