import NeuraMusic

/// One entry of the undo (or redo) history: the document as it was, and what the step that
/// left it did, so that `u` can say "undid: generate 4 bars".
public struct UndoStep: Hashable, Sendable, Codable {
    public var document: ComposerDocument
    /// Short, in the imperative ("add C4", "generate 4 bars"). nil when the code that made the
    /// step gave none; `label(changingTo:)` then describes it from the change itself.
    public var label: String?

    public init(document: ComposerDocument, label: String? = nil) {
        self.document = document
        self.label = label
    }

    enum CodingKeys: String, CodingKey { case document, label }

    /// Sessions saved before steps had labels hold bare documents; they load without a label.
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: CodingKeys.self),
           let document = try container.decodeIfPresent(ComposerDocument.self, forKey: .document) {
            self.document = document
            label = try container.decodeIfPresent(String.self, forKey: .label)
        } else {
            document = try ComposerDocument(from: decoder)
            label = nil
        }
    }

    /// What the step from this snapshot to `after` did.
    public func label(changingTo after: ComposerDocument) -> String {
        label ?? Self.describe(from: document, to: after)
    }

    /// A label read off two documents, for steps made without one.
    static func describe(from before: ComposerDocument, to after: ComposerDocument) -> String {
        let notesBefore = before.score.notes.count, notesAfter = after.score.notes.count
        if before.variations != after.variations {
            let target = after.currentVariation
            if !after.variations.isEmpty, after.variations.count == before.variations.count,
               before.variations.contains(where: { !$0.notes.isEmpty }), before.variations.indices.contains(target) {
                let earlier = Set(before.variations[target].notes.map(\.note))
                let pick = after.variations[target].notes.map(\.note).first { !earlier.contains($0) }
                return pick.map { "pick \(PitchName.name(of: $0.pitch))" } ?? "resample variation \(target + 1)"
            }
            if !after.variations.isEmpty { return "generate " + span(generatedBy: after) }
            if notesAfter > notesBefore { return "accept \(plural(notesAfter - notesBefore, "note"))" }
            return "discard the variations"
        }
        if notesAfter > notesBefore { return "add \(plural(notesAfter - notesBefore, "note"))" }
        if notesAfter < notesBefore { return "remove \(plural(notesBefore - notesAfter, "note"))" }
        if before.score.tempo != after.score.tempo { return "tempo \(fixed(after.score.tempo, decimals: 0))" }
        return "edit the notes"
    }

    /// "4 bars" for a continuation, "bars 3–4" for a regenerated selection (seed notes lie
    /// after it). Sessions from before generations kept their range fall back to the notes.
    private static func span(generatedBy document: ComposerDocument) -> String {
        let stepsPerBar = max(1, document.score.stepsPerBar)
        let seedEnd = document.score.notes.map(\.end).max() ?? 0
        guard let range = document.generatedRange else {
            let end = document.variations.flatMap { $0.notes.map(\.note.end) }.max() ?? seedEnd
            return plural(max(1, (end - seedEnd + stepsPerBar - 1) / stepsPerBar), "bar")
        }
        guard document.score.notes.contains(where: { $0.start >= range.upperBound }) || range.lowerBound < seedEnd else {
            return plural(max(1, (range.count + stepsPerBar - 1) / stepsPerBar), "bar")
        }
        let first = range.lowerBound / stepsPerBar + 1
        let last = max(range.lowerBound, range.upperBound - 1) / stepsPerBar + 1
        return first == last ? "bar \(first)" : "bars \(first)–\(last)"
    }
}

func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
