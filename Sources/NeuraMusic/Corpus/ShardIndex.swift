import Foundation

/// `DIR/index.json` of a sharded encoding (`neurascore encode --shard-tokens N`): the encoding,
/// every piece with the shard that holds it, and the shards. Each shard `DIR/shard-NNNNN.npy`
/// is a 1-D `<i4` array of whole pieces, BOS to EOS; a piece never spans two shards, so a
/// reader (PyTorch, NumPy, a data loader on one node of many) can map one shard at a time.
/// Concatenating the shards in order gives exactly the array of the unsharded `NAME.npy`.
public struct ShardIndex: Codable, Hashable, Sendable {
    public static let formatName = "neurascore-token-shards"
    public static let fileName = "index.json"
    public static let currentVersion = 1

    public struct Piece: Codable, Hashable, Sendable {
        public var source: String
        /// Index into `shards`.
        public var shard: Int
        /// Index of the piece's BOS inside its shard.
        public var offset: Int
        /// Tokens from BOS to EOS inclusive.
        public var length: Int
        public var transposition: Int

        public init(source: String, shard: Int, offset: Int, length: Int, transposition: Int) {
            self.source = source
            self.shard = shard
            self.offset = offset
            self.length = length
            self.transposition = transposition
        }
    }

    public struct Shard: Codable, Hashable, Sendable {
        /// File name relative to the index's folder.
        public var file: String
        public var tokenCount: Int
        public var pieceCount: Int

        public init(file: String, tokenCount: Int, pieceCount: Int) {
            self.file = file
            self.tokenCount = tokenCount
            self.pieceCount = pieceCount
        }
    }

    public var format: String
    public var version: Int
    public var encoding: EncodingConfig
    public var pieces: [Piece]
    public var shards: [Shard]

    public static func shardFileName(_ index: Int) -> String { String(format: "shard-%05d.npy", index) }

    /// A folder holding `index.json`, or the index file itself.
    public static func indexURL(for path: String) -> URL? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        let url = URL(fileURLWithPath: path)
        if isDirectory.boolValue {
            let index = url.appendingPathComponent(fileName)
            return FileManager.default.fileExists(atPath: index.path) ? index : nil
        }
        return url.lastPathComponent == fileName ? url : nil
    }

    /// Reads and checks the index: the format, the version, every piece inside its shard's
    /// declared tokens, and the shard files present. The shard arrays themselves are read
    /// by `ShardedTokenFile`.
    public static func read(contentsOf url: URL) throws -> ShardIndex {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TokenFileError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        let index: ShardIndex
        do {
            index = try JSONDecoder().decode(ShardIndex.self, from: data)
        } catch let error as EncodingError {
            throw TokenFileError.invalid(path: url.path, reason: error.description)
        } catch {
            throw TokenFileError.invalid(path: url.path, reason: "\(error)")
        }
        guard index.format == formatName else {
            throw TokenFileError.invalid(path: url.path, reason: "format is \"\(index.format)\", not \"\(formatName)\"")
        }
        guard index.version == currentVersion else {
            throw TokenFileError.invalid(
                path: url.path, reason: "version \(index.version) is not supported (\(currentVersion) is)")
        }
        for (number, piece) in index.pieces.enumerated() {
            guard index.shards.indices.contains(piece.shard), piece.offset >= 0, piece.length >= 2,
                  piece.offset + piece.length <= index.shards[piece.shard].tokenCount
            else { throw TokenFileError.pieceOutsideShard(path: url.path, piece: number) }
        }
        let folder = url.deletingLastPathComponent()
        for shard in index.shards {
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(shard.file).path) else {
                throw TokenFileError.missingShard(path: url.path, shard: shard.file)
            }
        }
        return index
    }
}

/// A sharded encoding read one shard at a time, so only one shard's tokens are in memory
/// besides what the caller keeps.
public struct ShardedTokenFile: Sendable {
    public var index: ShardIndex
    public var indexURL: URL

    public init(indexURL: URL) throws {
        self.indexURL = indexURL
        index = try ShardIndex.read(contentsOf: indexURL)
    }

    public func shardURL(_ shard: Int) -> URL {
        indexURL.deletingLastPathComponent().appendingPathComponent(index.shards[shard].file)
    }

    /// The tokens of shard `shard`, checked against the count the index declares.
    public func tokens(ofShard shard: Int) throws -> [Int32] {
        let url = shardURL(shard)
        let tokens = try NumPyInt32.read(contentsOf: url)
        guard tokens.count == index.shards[shard].tokenCount else {
            throw TokenFileError.shardSizeMismatch(
                path: url.path, declared: index.shards[shard].tokenCount, found: tokens.count)
        }
        return tokens
    }

    /// Calls `body` with every piece in index order and its tokens.
    public func forEachPiece(_ body: (ShardIndex.Piece, ArraySlice<Int32>) throws -> Void) throws {
        var loadedShard = -1
        var tokens: [Int32] = []
        for piece in index.pieces {
            if piece.shard != loadedShard {
                tokens = try self.tokens(ofShard: piece.shard)
                loadedShard = piece.shard
            }
            try body(piece, tokens[piece.offset..<(piece.offset + piece.length)])
        }
    }
}
