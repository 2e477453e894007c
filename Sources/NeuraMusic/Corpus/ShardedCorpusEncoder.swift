import Foundation

/// What a sharded `neurascore encode` did, for its closing summary. The import report's entries
/// went to `reportURL` as they came; only the totals by kind are kept.
public struct ShardedEncodingSummary: Sendable {
    public var files: Int
    public var skippedFiles: Int
    public var pieces: Int
    public var tokens: Int
    public var shards: Int
    public var seconds: Double
    public var tally: ImportReportTally
    public var index: URL
    public var reportURL: URL

    public var description: String {
        let time = String(format: "%.1f", seconds)
        return "\(pieces) piece(s), \(tokens) token(s) in \(shards) shard(s) "
            + "from \(files - skippedFiles) of \(files) file(s) (\(skippedFiles) skipped) in \(time) s\nwrote \(index.path)"
    }
}

/// Totals by kind of a report streamed to a file: what the summary prints without holding
/// every entry.
public struct ImportReportTally: Sendable, Hashable, CustomStringConvertible {
    public private(set) var entryCount = 0
    public private(set) var totals: [ImportReport.Kind: Int] = [:]
    public private(set) var fileCounts: [ImportReport.Kind: Int] = [:]
    public var reportPath = ""

    /// One file's report (all its entries come together, so files count once per kind).
    mutating func add(_ report: ImportReport) {
        entryCount += report.entries.count
        var kinds = Set<ImportReport.Kind>()
        for entry in report.entries {
            totals[entry.kind, default: 0] += entry.count
            kinds.insert(entry.kind)
        }
        for kind in kinds { fileCounts[kind, default: 0] += 1 }
    }

    public var description: String {
        guard entryCount > 0 else { return "Import report: nothing skipped or changed." }
        let entries = "\(entryCount) entr\(entryCount == 1 ? "y" : "ies")"
        var lines = ["Import report: \(entries) (totals by kind; each file and track in \(reportPath))"]
        for kind in ImportReport.Kind.allCases {
            guard let total = totals[kind] else { continue }
            lines.append("  \(kind.rawValue): \(total) in \(fileCounts[kind] ?? 0) file(s)")
        }
        return lines.joined(separator: "\n")
    }
}

/// Corpus → shards + index, streaming: files are read and encoded `jobs` at a time, a window
/// of them in parallel, and written strictly in corpus order, so the output is the same
/// whatever `jobs` is, and the tokens are those of the unsharded `CorpusEncoder`. Memory holds
/// one window of files and one piece list line at a time: the index and the import report are
/// written to disk as they grow, not kept.
public struct ShardedCorpusEncoder: Sendable {
    public var encoder: CorpusEncoder
    /// A shard is closed before a piece that would take it past this many tokens; a longer
    /// piece gets a shard of its own.
    public var shardTokens: Int
    public var jobs: Int

    public init(encoder: CorpusEncoder, shardTokens: Int, jobs: Int = 1) {
        self.encoder = encoder
        self.shardTokens = shardTokens
        self.jobs = jobs
    }

    public func encode(
        _ corpus: Corpus, to folder: URL, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> ShardedEncodingSummary {
        try encoder.validate()
        guard shardTokens >= 2 else {
            throw EncodingError.invalidConfig("--shard-tokens must be at least 2, got \(shardTokens)")
        }
        guard jobs >= 1 else { throw EncodingError.invalidConfig("--jobs must be at least 1, got \(jobs)") }
        let started = Date()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw AtomicFileError.cannotWrite(
                path: folder.path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let indexURL = folder.appendingPathComponent(ShardIndex.fileName)
        // Shards are rewritten in place; an old index must not outlive them half-way.
        try? FileManager.default.removeItem(at: indexURL)
        let reportURL = folder.appendingPathComponent("import-report.txt")
        let output = try ShardWriter(folder: folder, encoding: encoder.config, shardTokens: shardTokens)
        let report = try StreamingTextFile(url: reportURL)
        var tally = ImportReportTally()
        tally.reportPath = reportURL.path
        var skipped = 0
        var done = 0
        // A few files per worker per window keeps every worker busy past uneven file sizes.
        let window = jobs == 1 ? 1 : jobs * 4
        var next = corpus.files.startIndex
        while next < corpus.files.endIndex {
            let batch = Array(corpus.files[next..<min(next + window, corpus.files.endIndex)])
            next += batch.count
            for encoded in encodeInParallel(batch, stepsPerQuarter: corpus.stepsPerQuarter) {
                tally.add(encoded.report)
                try report.append(encoded.report.entries.map { $0.description + "\n" }.joined())
                if encoded.isSkipped { skipped += 1 }
                for (semitones, tokens) in encoded.pieces {
                    try output.append(tokens, source: encoded.source, transposition: semitones)
                }
                done += 1
                progress(done, corpus.files.count)
            }
        }
        let totals = try output.finish(indexURL: indexURL)
        try report.finish()
        return ShardedEncodingSummary(
            files: corpus.files.count, skippedFiles: skipped, pieces: totals.pieces, tokens: totals.tokens,
            shards: totals.shards, seconds: Date().timeIntervalSince(started), tally: tally, index: indexURL,
            reportURL: reportURL)
    }

    /// The files' encodings in the order given, `jobs` at a time.
    private func encodeInParallel(_ files: [URL], stepsPerQuarter: Int) -> [EncodedEntry] {
        let encoder = self.encoder
        if jobs == 1 || files.count == 1 {
            return files.map { encoder.encode(Corpus.load($0, stepsPerQuarter: stepsPerQuarter)) }
        }
        let slots = ResultSlots<EncodedEntry>(count: files.count)
        // One iteration per worker, each taking every jobs-th file, so at most `jobs` run at once.
        let workers = min(jobs, files.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: files.count, by: workers) {
                slots.set(index, encoder.encode(Corpus.load(files[index], stepsPerQuarter: stepsPerQuarter)))
            }
        }
        return slots.values()
    }
}

/// Results filled in by concurrent workers, each at its own index.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}

/// The shards and the index as they grow. Each shard is its own atomic `.npy` write; the index
/// goes to a temporary file, one piece per line, and is renamed into place last, so a folder
/// with an `index.json` always holds a complete encoding.
private final class ShardWriter {
    let folder: URL
    let shardTokens: Int
    private var shard: NumPyInt32Writer?
    private var shards: [ShardIndex.Shard] = []
    private var piecesInShard = 0
    private var pieceCount = 0
    private var tokenCount = 0
    private let index: StreamingTextFile

    init(folder: URL, encoding: EncodingConfig, shardTokens: Int) throws {
        self.folder = folder
        self.shardTokens = shardTokens
        index = try StreamingTextFile(url: folder.appendingPathComponent(ShardIndex.fileName))
        // Keys in sorted order, as the unsharded manifest writes them.
        let encodingJSON = try String(decoding: Self.json(encoding), as: UTF8.self)
        try index.append(
            "{\n  \"encoding\" : \(encodingJSON),\n  \"format\" : \"\(ShardIndex.formatName)\",\n  \"pieces\" : [")
    }

    func append(_ tokens: [Int32], source: String, transposition: Int) throws {
        if let current = shard, current.count > 0, current.count + tokens.count > shardTokens {
            try closeShard()
        }
        if shard == nil {
            shard = try NumPyInt32Writer(url: folder.appendingPathComponent(ShardIndex.shardFileName(shards.count)))
        }
        let piece = ShardIndex.Piece(
            source: source, shard: shards.count, offset: shard!.count, length: tokens.count,
            transposition: transposition)
        let line = String(decoding: try Self.json(piece), as: UTF8.self)
        try index.append((pieceCount == 0 ? "\n    " : ",\n    ") + line)
        try shard!.append(tokens)
        piecesInShard += 1
        pieceCount += 1
        tokenCount += tokens.count
    }

    private func closeShard() throws {
        guard let current = shard else { return }
        try current.finish()
        shards.append(.init(file: current.url.lastPathComponent, tokenCount: current.count, pieceCount: piecesInShard))
        shard = nil
        piecesInShard = 0
    }

    /// Closes the last shard, writes the shard list, renames the index into place and removes
    /// shards a previous, larger encoding left in the folder.
    func finish(indexURL: URL) throws -> (pieces: Int, tokens: Int, shards: Int) {
        try closeShard()
        let shardLines = try shards.map { "    " + String(decoding: try Self.json($0), as: UTF8.self) }
        try index.append(
            (pieceCount == 0 ? "]" : "\n  ]") + ",\n  \"shards\" : [\n" + shardLines.joined(separator: ",\n")
                + "\n  ],\n  \"version\" : \(ShardIndex.currentVersion)\n}\n")
        try index.finish()
        let kept = Set(shards.map(\.file))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix("shard-") && name.hasSuffix(".npy") && !kept.contains(name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        return (pieceCount, tokenCount, shards.count)
    }

    static func json<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

/// A text file written piece by piece to a temporary name and renamed into place at `finish()`.
private final class StreamingTextFile {
    let url: URL
    private let temporaryURL: URL
    private let handle: FileHandle
    private var finished = false

    init(url: URL) throws {
        self.url = url
        temporaryURL = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        guard FileManager.default.createFile(atPath: temporaryURL.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryURL.path)
        else { throw AtomicFileError.cannotWrite(path: url.path, reason: "cannot create \(temporaryURL.path)") }
        self.handle = handle
    }

    deinit {
        if !finished {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporaryURL)
        }
    }

    func append(_ text: String) throws {
        guard !text.isEmpty else { return }
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw AtomicFileError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }

    func finish() throws {
        do {
            try handle.synchronize()
            try handle.close()
            finished = true
        } catch {
            throw AtomicFileError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        guard rename(temporaryURL.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporaryURL)
            throw AtomicFileError.cannotWrite(path: url.path, reason: reason)
        }
    }
}
