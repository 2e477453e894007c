import Foundation

/// One file of a corpus, read and put on the grid, or skipped (`score == nil`) with the reason
/// in `report`.
public struct CorpusEntry: Sendable {
    public var source: String
    public var score: Score?
    public var report: ImportReport
}

/// A corpus read lazily, one file per step of iteration, so only one file's notes are ever in
/// memory however many files there are. Unreadable files become entries without a score.
public struct Corpus: Sequence, Sendable {
    public let files: [URL]
    public let stepsPerQuarter: Int

    public init(files: [URL], stepsPerQuarter: Int = 4) {
        self.files = files
        self.stepsPerQuarter = stepsPerQuarter
    }

    /// Files and folders as on the command line (see `CorpusFiles`).
    public init(paths: [String], stepsPerQuarter: Int = 4) throws {
        self.init(files: try CorpusFiles.list(paths), stepsPerQuarter: stepsPerQuarter)
    }

    public func makeIterator() -> Iterator {
        Iterator(files: files[...], stepsPerQuarter: stepsPerQuarter)
    }

    public struct Iterator: IteratorProtocol {
        var files: ArraySlice<URL>
        let stepsPerQuarter: Int

        public mutating func next() -> CorpusEntry? {
            guard let url = files.popFirst() else { return nil }
            return Corpus.load(url, stepsPerQuarter: stepsPerQuarter)
        }
    }

    static func load(_ url: URL, stepsPerQuarter: Int) -> CorpusEntry {
        do {
            let (score, report) = try ScoreFile.load(contentsOf: url, stepsPerQuarter: stepsPerQuarter)
            return CorpusEntry(source: url.path, score: score, report: report)
        } catch {
            var report = ImportReport()
            report.add(.unreadableFile, source: url.path, detail: "skipped: \(error)")
            return CorpusEntry(source: url.path, score: nil, report: report)
        }
    }
}
