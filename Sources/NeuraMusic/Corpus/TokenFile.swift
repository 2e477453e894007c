import Foundation

/// `NAME.json` beside `NAME.npy`: the encoding (with `vocabulary`, the token names, whose count
/// is V) and where each piece lies in the array. `NAME.npy` is a 1-D `<i4` array of every piece
/// from BOS to EOS, concatenated, so NumPy or PyTorch read both without NeuraScore code.
public struct TokenFileManifest: Codable, Hashable, Sendable {
    public struct Piece: Codable, Hashable, Sendable {
        public var source: String
        /// Index of the piece's BOS in the `.npy` array.
        public var offset: Int
        /// Tokens from BOS to EOS inclusive.
        public var length: Int
        /// Semitones the piece was transposed by (0 for the original).
        public var transposition: Int

        public init(source: String, offset: Int, length: Int, transposition: Int) {
            self.source = source
            self.offset = offset
            self.length = length
            self.transposition = transposition
        }
    }

    public var encoding: EncodingConfig
    public var pieces: [Piece]

    public init(encoding: EncodingConfig, pieces: [Piece]) {
        self.encoding = encoding
        self.pieces = pieces
    }

    public func jsonBytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(self)) + [0x0A]
    }

    public static func read(contentsOf url: URL) throws -> TokenFileManifest {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TokenFileError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        do {
            return try JSONDecoder().decode(TokenFileManifest.self, from: data)
        } catch let error as EncodingError {
            throw TokenFileError.invalid(path: url.path, reason: error.description)
        } catch {
            throw TokenFileError.invalid(path: url.path, reason: "\(error)")
        }
    }
}

public enum TokenFileError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)
    case piecesOutsideArray(path: String, piece: Int, tokenCount: Int)
    case pieceOutsideShard(path: String, piece: Int)
    case missingShard(path: String, shard: String)
    case shardSizeMismatch(path: String, declared: Int, found: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read the token manifest: \(reason)"
        case .invalid(let path, let reason): return "\(path): not a valid token manifest: \(reason)"
        case .piecesOutsideArray(let path, let piece, let tokenCount):
            return "\(path): piece \(piece) lies outside the \(tokenCount) tokens of the array"
        case .pieceOutsideShard(let path, let piece):
            return "\(path): piece \(piece) names a shard that does not exist or lies outside its tokens"
        case .missingShard(let path, let shard):
            return "\(path): the shard \(shard) it lists is missing"
        case .shardSizeMismatch(let path, let declared, let found):
            return "\(path): the index declares \(declared) tokens, the shard holds \(found)"
        }
    }
}

/// A token file pair read back: the whole array and its manifest, checked against each other.
public struct TokenFile: Sendable {
    public var manifest: TokenFileManifest
    public var tokens: [Int32]

    /// `base` is NAME (with or without `.npy`/`.json`): reads NAME.npy and NAME.json.
    public static func read(base: URL) throws -> TokenFile {
        let (npy, json) = TokenFile.urls(base: base)
        let manifest = try TokenFileManifest.read(contentsOf: json)
        let tokens = try NumPyInt32.read(contentsOf: npy)
        for (index, piece) in manifest.pieces.enumerated()
        where piece.offset < 0 || piece.length < 2 || piece.offset + piece.length > tokens.count {
            throw TokenFileError.piecesOutsideArray(path: json.path, piece: index, tokenCount: tokens.count)
        }
        return TokenFile(manifest: manifest, tokens: tokens)
    }

    public func tokens(of piece: TokenFileManifest.Piece) -> ArraySlice<Int32> {
        tokens[piece.offset..<(piece.offset + piece.length)]
    }

    public static func urls(base: URL) -> (npy: URL, json: URL) {
        let stem = ["npy", "json"].contains(base.pathExtension) ? base.deletingPathExtension() : base
        return (stem.appendingPathExtension("npy"), stem.appendingPathExtension("json"))
    }
}
