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
    /// Your notes in part 1 (and 9); `part2` … `part8` are the other parts' colours.
    case seedNote
    /// The model's notes in part 1 (and 9); `generatedPart2` … `generatedPart8` in the others.
    case generatedNote
    case part2, part3, part4, part5, part6, part7, part8
    case generatedPart2, generatedPart3, generatedPart4, generatedPart5, generatedPart6, generatedPart7, generatedPart8
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

extension StyleRole {
    static let partPalette: [StyleRole] = [.seedNote, .part2, .part3, .part4, .part5, .part6, .part7, .part8]
    static let generatedPartPalette: [StyleRole] = [
        .generatedNote, .generatedPart2, .generatedPart3, .generatedPart4,
        .generatedPart5, .generatedPart6, .generatedPart7, .generatedPart8,
    ]

    /// The colour of a part's notes, written or generated; parts past the palette take it again.
    static func note(ofPart part: Int, generated: Bool) -> StyleRole {
        let palette = generated ? generatedPartPalette : partPalette
        return palette[((part % palette.count) + palette.count) % palette.count]
    }

    /// The role a theme without a table for this one styles it as: the part colours came after
    /// the themes users may have written, which then show every part in the notes' colours.
    var fallback: StyleRole? {
        if self != .seedNote, Self.partPalette.contains(self) { return .seedNote }
        if self != .generatedNote, Self.generatedPartPalette.contains(self) { return .generatedNote }
        return nil
    }
}
