import Foundation
import NeuraMusic

/// One encoded piece, BOS to EOS, with where it came from.
public struct TokenPiece: Sendable, Hashable {
    public var source: String
    /// Semitones the piece was transposed by when it was encoded (token files may hold several).
    public var transposition: Int
    public var tokens: [Int]

    public init(source: String, transposition: Int, tokens: [Int]) {
        self.source = source
        self.transposition = transposition
        self.tokens = tokens
    }

    /// Grid steps the piece lasts: the sum of its time-shift tokens. This is the denominator of
    /// `eval --per-step`: every shift is predicted once, EOS included, BOS not. On the JSB
    /// quarter grid that makes NLL per step a frame-level NLL, comparable with published tables.
    public func stepCount(encoding: EncodingConfig) -> Int {
        tokens.reduce(0) { total, id in
            if case .shift(let steps)? = encoding.token(for: id) { return total + steps }
            return total
        }
    }
}

/// A corpus as tokens: MIDI files and folders encoded on the fly (with the import report
/// kept), and token file pairs from `neurascore encode` read as they are.
public struct TokenCorpus: Sendable {
    public var encoding: EncodingConfig
    public var pieces: [TokenPiece]
    /// Every MIDI file skipped or changed on the way in (see `ImportReport`); empty for token files.
    public var report: ImportReport
    public var midiFileCount: Int
    public var skippedMIDIFileCount: Int
    public var tokenFiles: [String]

    public var tokenCount: Int { pieces.reduce(0) { $0 + $1.tokens.count } }

    /// A path is a token file when it names `NAME.npy`, `NAME.json`, or `NAME` with both beside it,
    /// or a sharded encoding: its folder or its `index.json`.
    public static func isTokenFile(_ path: String) -> Bool {
        if ShardIndex.indexURL(for: path) != nil { return true }
        let url = URL(fileURLWithPath: path)
        let (npy, json) = TokenFile.urls(base: url)
        let manager = FileManager.default
        guard manager.fileExists(atPath: npy.path), manager.fileExists(atPath: json.path) else { return false }
        return ["npy", "json"].contains(url.pathExtension) || !manager.fileExists(atPath: path)
    }

    /// Reads `paths` into tokens.
    /// - Parameters:
    ///   - required: the encoding the tokens must have (a model's, for --init, --resume and
    ///     eval), named by `requiredFrom` in errors. Nil: the token files' own encoding, or
    ///     `fallback` when there are only MIDI files.
    ///   - style: a STYLE token for every MIDI piece (it must be in the encoding's styles).
    ///   - progress: called with (files done, files) while MIDI files are encoded.
    public static func load(
        paths: [String], required: EncodingConfig? = nil, requiredFrom: String = "the model",
        fallback: EncodingConfig = EncodingConfig(), style: String? = nil,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> TokenCorpus {
        guard !paths.isEmpty else { throw TrainingError.emptyCorpus(paths: [], skippedFiles: 0) }
        let tokenPaths = paths.filter(isTokenFile)
        let midiPaths = paths.filter { !isTokenFile($0) }

        var encoding = required
        var encodingFrom = requiredFrom
        var pieces: [TokenPiece] = []
        for path in tokenPaths {
            let sharded: ShardedTokenFile?
            let file: TokenFile?
            do {
                if let index = ShardIndex.indexURL(for: path) {
                    (sharded, file) = (try ShardedTokenFile(indexURL: index), nil)
                } else {
                    (sharded, file) = (nil, try TokenFile.read(base: URL(fileURLWithPath: path)))
                }
            } catch {
                throw TrainingError.corpusUnreadable(path: path, reason: "\(error)")
            }
            let fileEncoding = sharded?.index.encoding ?? file!.manifest.encoding
            if let expected = encoding {
                guard expected.vocabulary == fileEncoding.vocabulary, expected.stepsPerQuarter == fileEncoding.stepsPerQuarter else {
                    throw TrainingError.tokenFileEncodingMismatch(
                        file: path, expectedFrom: encodingFrom, detail: EncodingDifference.describe(expected, fileEncoding))
                }
            } else {
                encoding = fileEncoding
                encodingFrom = path
            }
            func add(source: String, transposition: Int, tokens slice: ArraySlice<Int32>) throws {
                let tokens = slice.map(Int.init)
                if let bad = tokens.first(where: { $0 < 0 || $0 >= fileEncoding.vocabularySize }) {
                    throw TrainingError.corpusUnreadable(
                        path: path,
                        reason: "piece from \(source) holds token \(bad), outside the vocabulary of \(fileEncoding.vocabularySize)")
                }
                pieces.append(TokenPiece(source: source, transposition: transposition, tokens: tokens))
            }
            if let sharded {
                do {
                    try sharded.forEachPiece { try add(source: $0.source, transposition: $0.transposition, tokens: $1) }
                } catch let error as TrainingError {
                    throw error
                } catch {
                    throw TrainingError.corpusUnreadable(path: path, reason: "\(error)")
                }
            } else if let file {
                for piece in file.manifest.pieces {
                    try add(source: piece.source, transposition: piece.transposition, tokens: file.tokens(of: piece))
                }
            }
        }

        let resolved = encoding ?? fallback
        var report = ImportReport()
        var midiFiles = 0
        var skipped = 0
        if !midiPaths.isEmpty {
            let corpus: Corpus
            do {
                corpus = try Corpus(paths: midiPaths, stepsPerQuarter: resolved.stepsPerQuarter)
            } catch {
                throw TrainingError.corpusUnreadable(path: midiPaths.joined(separator: ", "), reason: "\(error)")
            }
            let encoded = try encodeMIDI(corpus, encoding: resolved, style: style, progress: progress)
            pieces.append(contentsOf: encoded.pieces)
            report = encoded.report
            midiFiles = corpus.files.count
            skipped = encoded.skipped
        }
        guard !pieces.isEmpty else { throw TrainingError.emptyCorpus(paths: paths, skippedFiles: skipped) }
        return TokenCorpus(
            encoding: resolved, pieces: pieces, report: report, midiFileCount: midiFiles,
            skippedMIDIFileCount: skipped, tokenFiles: tokenPaths)
    }

    /// Goes through `CorpusEncoder`, the same code as `neurascore encode`, so training on MIDI
    /// and training on its token file see identical tokens; the files live in a private
    /// temporary folder for the moment it takes to read them back.
    private static func encodeMIDI(
        _ corpus: Corpus, encoding: EncodingConfig, style: String?, progress: (Int, Int) -> Void
    ) throws -> (pieces: [TokenPiece], report: ImportReport, skipped: Int) {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("neurascore-corpus-\(getpid())-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw TrainingError.outputUnwritable(path: folder.path, reason: "cannot create a temporary folder: \(error)")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = folder.appendingPathComponent("corpus")
        let summary = try CorpusEncoder(config: encoding, style: style).encode(corpus, to: base, progress: progress)
        let file = try TokenFile.read(base: base)
        let pieces = file.manifest.pieces.map {
            TokenPiece(source: $0.source, transposition: $0.transposition, tokens: file.tokens(of: $0).map(Int.init))
        }
        return (pieces, summary.report, summary.skippedFiles)
    }

    /// FNV-1a over every piece's tokens, in order: a resumed run must see the same training data.
    public static func fingerprint(_ pieces: [TokenPiece]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ value: Int) {
            var word = UInt64(bitPattern: Int64(value))
            for _ in 0..<8 {
                hash = (hash ^ (word & 0xFF)) &* 0x0000_0100_0000_01B3
                word >>= 8
            }
        }
        for piece in pieces {
            mix(piece.tokens.count)
            piece.tokens.forEach(mix)
        }
        return String(hash, radix: 16)
    }
}
