import Foundation

/// What `neurascore encode` did, for its closing summary.
public struct CorpusEncodingSummary: Sendable {
    public var files: Int
    public var skippedFiles: Int
    public var pieces: Int
    public var tokens: Int
    public var seconds: Double
    public var report: ImportReport
    public var npy: URL
    public var json: URL

    public var description: String {
        let time = String(format: "%.1f", seconds)
        return "\(pieces) piece(s), \(tokens) token(s) from \(files - skippedFiles) of \(files) file(s) "
            + "(\(skippedFiles) skipped) in \(time) s\nwrote \(npy.path) and \(json.path)"
    }
}

/// Corpus → token file pair: read each file, fit it to the encoding, encode it once per
/// transposition that stays in range, and stream the tokens out. Every skip and change goes
/// into the report.
public struct CorpusEncoder: Sendable {
    public var config: EncodingConfig
    /// Semitone shifts to try for each piece; the ones leaving the pitch range are skipped.
    public var transpositions: ClosedRange<Int>
    /// Style every piece is labelled with (it must be in `config.styles`), or none.
    public var style: String?
    /// For an encoding with controls: how many times, and how, each piece is written. By
    /// default once, plainly (what `eval` scores); `encode --renderings` asks for more.
    public var controlMix: ControlMix

    public init(
        config: EncodingConfig, transpositions: ClosedRange<Int> = 0...0, style: String? = nil,
        controlMix: ControlMix = ControlMix(renderings: 1)
    ) {
        self.config = config
        self.transpositions = transpositions
        self.style = style
        self.controlMix = controlMix
    }

    /// `progress(done, total)` is called after each file.
    public func encode(
        _ corpus: Corpus, to base: URL, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> CorpusEncodingSummary {
        try validate()
        let started = Date()
        let (npyURL, jsonURL) = TokenFile.urls(base: base)
        let writer = try NumPyInt32Writer(url: npyURL)
        var report = ImportReport()
        var pieces: [TokenFileManifest.Piece] = []
        var skipped = 0
        var done = 0
        for entry in corpus {
            let encoded = encode(entry)
            report.append(contentsOf: encoded.report)
            if encoded.isSkipped { skipped += 1 }
            for (semitones, tokens) in encoded.pieces {
                pieces.append(.init(source: entry.source, offset: writer.count, length: tokens.count, transposition: semitones))
                try writer.append(tokens)
            }
            done += 1
            progress(done, corpus.files.count)
        }
        let manifest = TokenFileManifest(encoding: config, pieces: pieces)
        // The manifest is written while the new tokens still sit in their temporary file, so a
        // failure on either leaves the old pair as it was.
        try writer.finish { try AtomicFile.write(try manifest.jsonBytes(), to: jsonURL) }
        return CorpusEncodingSummary(
            files: corpus.files.count, skippedFiles: skipped, pieces: pieces.count, tokens: writer.count,
            seconds: Date().timeIntervalSince(started), report: report, npy: npyURL, json: jsonURL)
    }

    /// Checks the encoder's own settings; call once before `encode(_:)` on single entries.
    public func validate() throws {
        try config.validate()
        try controlMix.validate()
        if let style, !config.styles.contains(style) {
            throw EncodingError.invalidConfig("style \"\(style)\" is not among the encoding's styles \(config.styles)")
        }
    }

    /// One file's pieces (once per transposition that stays in range) and everything changed or
    /// skipped on the way. Pure, so files can be encoded in parallel and written in order.
    public func encode(_ entry: CorpusEntry) -> EncodedEntry {
        var report = entry.report
        guard var score = entry.score else { return EncodedEntry(source: entry.source, pieces: [], report: report, isSkipped: true) }
        score.style = style
        do {
            let pieces = try encodings(of: score, source: entry.source, report: &report)
            return EncodedEntry(source: entry.source, pieces: pieces, report: report, isSkipped: pieces.isEmpty)
        } catch {
            // Fitting makes every score encodable; should that ever fail, one file is lost, not the run.
            report.add(.unreadableFile, source: entry.source, detail: "skipped: \(error)")
            return EncodedEntry(source: entry.source, pieces: [], report: report, isSkipped: true)
        }
    }

    /// The piece's tokens once per transposition that stays in range; none for a piece with no
    /// notes left after fitting.
    private func encodings(of score: Score, source: String, report: inout ImportReport) throws -> [(semitones: Int, tokens: [Int32])] {
        let (fitted, fitReport) = try score.fitted(to: config, source: source)
        report.append(contentsOf: fitReport)
        guard !fitted.notes.isEmpty else {
            if score.notes.isEmpty == false {
                report.add(.emptyPiece, source: source, detail: "no notes left in the encoding's range; skipped")
            }
            return []
        }
        let shifts = config.transpositions(keeping: fitted, within: transpositions)
        if shifts.count < transpositions.count {
            let left = transpositions.filter { !shifts.contains($0) }
            report.add(.transpositionSkipped, source: source, count: left.count,
                       detail: "\(left.map(String.init).joined(separator: " ")) semitones")
        }
        // Each writing once per transposition: a writing with controls only repartitions the
        // piece's notes, so the shifts that keep the piece in range keep every writing in range.
        let writings = try controlMix.renderings(of: fitted, source: source, config: config).map {
            try config.encode($0.events, controls: $0.controls)
        }
        return try writings.flatMap { base in
            try shifts.map { ($0, try config.transposeTokens(base, by: $0).map { Int32($0) }) }
        }
    }
}

/// One corpus file after encoding: its pieces in transposition order, its report, and whether
/// it contributed nothing.
public struct EncodedEntry: Sendable {
    public var source: String
    public var pieces: [(semitones: Int, tokens: [Int32])]
    public var report: ImportReport
    public var isSkipped: Bool
}
