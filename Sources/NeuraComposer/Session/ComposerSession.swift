import NeuraCore
import NeuraMusic

/// What autosave keeps between runs: the work, the settings and where the user was.
public struct ComposerSession: Codable, Hashable, Sendable {
    public static let currentVersion = 1
    /// Undo history kept on disk; the in-memory stack is longer.
    public static let savedUndoDepth = 50

    public var version: Int
    public var document: ComposerDocument
    public var parameters: GenerationParameters
    public var cursor: Cursor
    public var noteLength: Int
    public var filePath: String?
    public var themeName: String
    public var isDirty: Bool
    public var undoStack: [UndoStep]
    public var redoStack: [UndoStep]
    /// Optional so that sessions saved before playback existed still load.
    public var playback: PlaybackSettings?
    /// Optional so that sessions saved before parts still load (they start in part 1).
    public var currentPart: Int?

    /// Checks what JSON decoding cannot: values a hand-edited or damaged file could get wrong.
    func validationProblem() -> String? {
        if version != Self.currentVersion { return "version \(version), expected \(Self.currentVersion)" }
        for document in [document] + (undoStack + redoStack).map(\.document) {
            let score = document.score
            if score.stepsPerQuarter < 1 || score.stepsPerQuarter > 96 { return "steps per quarter \(score.stepsPerQuarter)" }
            if !(score.tempo.isFinite && GenerationParameters.tempoRange.contains(score.tempo)) { return "tempo \(score.tempo)" }
            if score.timeSignature.numerator < 1 || score.timeSignature.denominator < 1 { return "time signature" }
            let notes = score.notes + document.variations.flatMap { $0.notes.map(\.note) }
            if let bad = notes.first(where: { !(0...127).contains($0.pitch) || $0.start < 0 || $0.length < 1 }) {
                return "note \(bad)"
            }
        }
        if !(0...127).contains(cursor.pitch) || cursor.step < 0 { return "cursor \(cursor)" }
        if noteLength < 1 { return "note length \(noteLength)" }
        do {
            try parameters.controls.validate()
        } catch {
            return "generation settings: \(error)"
        }
        if !GenerationLimits.bars.contains(parameters.lengthBars) { return "length in bars" }
        let programs = [playback?.takeProgram, playback?.programOfEveryPart].compactMap { $0 }
            + document.score.parts.map(\.program)
        if programs.contains(where: { !PlaybackSettings.programRange.contains($0) }) { return "GM program" }
        if let currentPart, !(0..<ComposerState.maximumParts).contains(currentPart) { return "current part \(currentPart)" }
        return nil
    }
}

extension ComposerState {
    public var session: ComposerSession {
        ComposerSession(
            version: ComposerSession.currentVersion, document: document, parameters: parameters, cursor: cursor,
            noteLength: noteLength, filePath: filePath, themeName: themeName, isDirty: isDirty,
            undoStack: Array(undoStack.suffix(ComposerSession.savedUndoDepth)),
            redoStack: Array(redoStack.suffix(ComposerSession.savedUndoDepth)), playback: playback,
            currentPart: currentPart)
    }

    public init(restoring session: ComposerSession, viewSize: TerminalSize) {
        self.init(document: session.document, parameters: session.parameters, viewSize: viewSize)
        cursor = session.cursor
        noteLength = session.noteLength
        filePath = session.filePath
        themeName = session.themeName
        isDirty = session.isDirty
        undoStack = session.undoStack
        redoStack = session.redoStack
        playback = session.playback ?? PlaybackSettings()
        currentPart = min(session.currentPart ?? 0, document.partCount - 1)
        if let program = playback.programOfEveryPart {
            // Before parts, one program sounded all of your notes: it is now every part's own,
            // in the history too, so that undo does not take it away.
            document.giveEveryPart(program: program)
            for index in undoStack.indices { undoStack[index].document.giveEveryPart(program: program) }
            for index in redoStack.indices { redoStack[index].document.giveEveryPart(program: program) }
            playback.programOfEveryPart = nil
        }
        followCursor()
    }
}
