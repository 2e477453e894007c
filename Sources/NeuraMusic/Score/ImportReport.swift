/// Everything an import or fitting step changed or skipped, and why.
///
/// Import never drops data silently: each step that alters what it was given appends an entry
/// here instead of quietly filtering, and `encode` and `train` print the whole list, so that a
/// corpus cannot lose files or tracks without the user being told which and why.
public struct ImportReport: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case unreadableFile = "unreadable file"
        case readerWarning = "reader warning"
        case emptyPiece = "no pitched notes"
        case emptyTrack = "track without notes"
        case drumsSetAside = "drums set aside"
        case drumsDropped = "drums not encoded"
        case duplicatesMerged = "duplicate notes merged"
        case overlapsTrimmed = "overlapping same-pitch notes trimmed"
        case notesLengthened = "zero-length notes lengthened to one step"
        case notesShortened = "notes shortened to the longest length"
        case unterminatedNotes = "notes without note-off ended at track end"
        case strayNoteOffs = "note-offs without a note-on ignored"
        case offFirstNotesPaired = "note-offs written just before their note-on read as zero-length notes"
        case pitchOutOfRange = "notes out of pitch range dropped"
        case channelEventsIgnored = "controller/pressure/bend events not carried"
        case programUnknown = "parts with no program change before their first note (program 0 assumed)"
        case programChanged = "notes under a part's later program changes (the part keeps its first program)"
        case partsPastLimit = "parts past the limit of 16 merged into another part"
        case tempoFlattened = "tempo changes flattened to the first tempo"
        case timeSignatureFlattened = "time signature changes flattened to the first"
        case keySignatureFlattened = "key signature changes flattened to the first"
        case smpteConverted = "SMPTE timing converted through seconds"
        case partsMerged = "parts merged"
        case partsAssignedByRegister = "parts given the model's voices by register"
        case partsDropped = "parts the encoding has no voice for, left out"
        case velocitiesChanged = "velocities set to the encoding's values"
        case styleDropped = "style not in the encoding, dropped"
        case transpositionSkipped = "transpositions leaving the pitch range skipped"
    }

    public struct Entry: Hashable, Sendable, CustomStringConvertible {
        /// The file (or other origin) the entry is about.
        public var source: String
        /// Track index in the source file, when the entry concerns one track.
        public var track: Int?
        public var kind: Kind
        /// How many notes/events/items the entry covers (1 for a whole file or track).
        public var count: Int
        /// Specifics a reader needs to find the problem: names, ranges, the underlying error.
        public var detail: String

        public init(source: String, track: Int? = nil, kind: Kind, count: Int = 1, detail: String = "") {
            self.source = source
            self.track = track
            self.kind = kind
            self.count = count
            self.detail = detail
        }

        public var description: String {
            var text = source
            if let track { text += " track \(track)" }
            text += ": \(kind.rawValue)"
            if count != 1 { text += " (\(count))" }
            if !detail.isEmpty { text += ": \(detail)" }
            return text
        }
    }

    public private(set) var entries: [Entry]
    /// Whether the file held a key signature. A `Score` always has one (C major when the file
    /// has none), so whoever needs the key (a closing cadence) asks here whether to trust it.
    public var keySignatureWasRead = false

    public init(entries: [Entry] = []) { self.entries = entries }

    public var isEmpty: Bool { entries.isEmpty }

    /// Records a change; counts of zero are not news and are left out.
    public mutating func add(
        _ kind: Kind, source: String, track: Int? = nil, count: Int = 1, detail: String = ""
    ) {
        guard count > 0 else { return }
        entries.append(Entry(source: source, track: track, kind: kind, count: count, detail: detail))
    }

    public mutating func append(contentsOf other: ImportReport) {
        entries.append(contentsOf: other.entries)
        keySignatureWasRead = keySignatureWasRead || other.keySignatureWasRead
    }

    /// Total count over all entries of one kind.
    public func total(_ kind: Kind) -> Int {
        entries.lazy.filter { $0.kind == kind }.reduce(0) { $0 + $1.count }
    }

    /// Distinct sources that have at least one entry of `kind`.
    public func sources(with kind: Kind) -> [String] {
        var seen = Set<String>()
        return entries.compactMap { $0.kind == kind && seen.insert($0.source).inserted ? $0.source : nil }
    }

    /// A totals line per kind, then every entry: the printed form commands end with.
    public var description: String {
        guard !entries.isEmpty else { return "Import report: nothing skipped or changed." }
        var lines = ["Import report: \(entries.count) entr\(entries.count == 1 ? "y" : "ies") (totals by kind, then each file and track)"]
        for kind in Kind.allCases {
            let matching = entries.filter { $0.kind == kind }
            guard !matching.isEmpty else { continue }
            let sourceCount = Set(matching.map(\.source)).count
            lines.append("  \(kind.rawValue): \(total(kind)) in \(sourceCount) file(s)")
        }
        lines.append("Details:")
        lines.append(contentsOf: entries.map { "  " + $0.description })
        return lines.joined(separator: "\n")
    }
}

extension ImportReport {
    /// One line for a status bar: each kind of change with its count, most frequent first;
    /// nil when nothing changed.
    public var shortSummary: String? {
        var counts: [Kind: Int] = [:]
        for entry in entries { counts[entry.kind, default: 0] += entry.count }
        guard !counts.isEmpty else { return nil }
        return counts.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }
            .map { "\($0.value) \($0.key.rawValue)" }
            .joined(separator: "; ")
    }
}
