import Foundation
import Testing
@testable import NeuraMusic

@Suite struct ShardedEncodingTests {
    /// Twelve random pieces of different lengths in nested folders, a broken file and a
    /// drums-only file, so skips and reports go through the sharded path too.
    static func makeCorpus() throws -> URL {
        let root = try GridFixtures.scratchFolder()
        var rng = SplitMix64(seed: 11)
        for index in 0..<12 {
            let folder = root.appendingPathComponent(index % 3 == 0 ? "a" : "b/c")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var notes: [Note] = []
            var start = 0
            for _ in 0..<(4 + index * 3) {
                let pitch = 50 + Int(rng.next() % 20)
                notes.append(Note(pitch: pitch, start: start, length: 1 + Int(rng.next() % 6)))
                if rng.next() % 2 == 0 { notes.append(Note(pitch: pitch + 4, start: start, length: 2, part: 1)) }
                start += 1 + Int(rng.next() % 4)
            }
            try ScoreFile.save(Score(notes: notes), to: folder.appendingPathComponent(String(format: "p%02d.mid", index)))
        }
        try Data("MThd junk".utf8).write(to: root.appendingPathComponent("b/broken.mid"))
        try ScoreFile.save(Score(drums: [Note(pitch: 36, start: 0, length: 1)]), to: root.appendingPathComponent("a/drums.mid"))
        return root
    }

    static let encoder = CorpusEncoder(config: EncodingConfig(), transpositions: -1...2)

    static func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    @Test func shardsConcatenateToTheUnshardedTokensAndListTheSamePieces() throws {
        let root = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = try Corpus(paths: [root.path])
        let base = root.appendingPathComponent("out/plain")
        try FileManager.default.createDirectory(at: base.deletingLastPathComponent(), withIntermediateDirectories: true)
        let plainSummary = try Self.encoder.encode(corpus, to: base)
        let plain = try TokenFile.read(base: base)

        let folder = root.appendingPathComponent("out/shards")
        let shardTokens = 300
        var calls: [Int] = []
        let summary = try ShardedCorpusEncoder(encoder: Self.encoder, shardTokens: shardTokens, jobs: 1)
            .encode(corpus, to: folder) { done, _ in calls.append(done) }
        #expect(calls == Array(1...corpus.files.count))
        #expect(summary.pieces == plainSummary.pieces && summary.tokens == plainSummary.tokens)
        #expect(summary.skippedFiles == plainSummary.skippedFiles && summary.skippedFiles == 2)
        #expect(summary.shards > 2, "the corpus is several times the shard size")

        let sharded = try ShardedTokenFile(indexURL: folder.appendingPathComponent("index.json"))
        #expect(sharded.index.encoding == plain.manifest.encoding)
        var concatenated: [Int32] = []
        for shard in sharded.index.shards.indices { concatenated += try sharded.tokens(ofShard: shard) }
        #expect(concatenated == plain.tokens)

        #expect(sharded.index.pieces.count == plain.manifest.pieces.count)
        var shardStart: [Int] = [0]
        for shard in sharded.index.shards { shardStart.append(shardStart.last! + shard.tokenCount) }
        for (piece, original) in zip(sharded.index.pieces, plain.manifest.pieces) {
            #expect(piece.source == original.source && piece.transposition == original.transposition)
            #expect(piece.length == original.length)
            #expect(shardStart[piece.shard] + piece.offset == original.offset, "same place in the concatenation")
        }
        try sharded.forEachPiece { piece, tokens in
            #expect(tokens.first == Int32(EncodingConfig.bos) && tokens.last == Int32(EncodingConfig.eos), "whole pieces only")
            #expect(tokens.count == piece.length)
        }
        for (number, shard) in sharded.index.shards.enumerated() {
            let pieces = sharded.index.pieces.filter { $0.shard == number }
            #expect(pieces.count == shard.pieceCount)
            #expect(shard.tokenCount <= shardTokens || pieces.count == 1, "only a piece longer than a shard overfills one")
        }
        // The report went to a file, with the totals the unsharded report has.
        let reportLines = try String(contentsOf: summary.reportURL, encoding: .utf8).split(separator: "\n")
        #expect(reportLines.count == plainSummary.report.entries.count)
        #expect(summary.tally.totals[.unreadableFile] == 1)
        for kind in ImportReport.Kind.allCases {
            #expect(summary.tally.totals[kind, default: 0] == plainSummary.report.total(kind), "\(kind)")
            #expect(summary.tally.fileCounts[kind, default: 0] == Set(plainSummary.report.sources(with: kind)).count, "\(kind)")
        }
    }

    @Test func parallelJobsWriteTheSameBytes() throws {
        let root = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = try Corpus(paths: [root.path])
        let one = root.appendingPathComponent("one")
        let three = root.appendingPathComponent("three")
        _ = try ShardedCorpusEncoder(encoder: Self.encoder, shardTokens: 500, jobs: 1).encode(corpus, to: one)
        _ = try ShardedCorpusEncoder(encoder: Self.encoder, shardTokens: 500, jobs: 3).encode(corpus, to: three)
        let names = try FileManager.default.contentsOfDirectory(atPath: one.path).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: three.path).sorted()))
        #expect(names.contains("index.json") && names.contains("shard-00000.npy"))
        for name in names {
            #expect(try Self.bytes(one.appendingPathComponent(name)) == Self.bytes(three.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test func reEncodingWithBiggerShardsRemovesTheStaleOnes() throws {
        let root = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = try Corpus(paths: [root.path])
        let folder = root.appendingPathComponent("shards")
        let small = try ShardedCorpusEncoder(encoder: Self.encoder, shardTokens: 200).encode(corpus, to: folder)
        let big = try ShardedCorpusEncoder(encoder: Self.encoder, shardTokens: 1_000_000).encode(corpus, to: folder)
        #expect(small.shards > 1 && big.shards == 1)
        let shards = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".npy") }
        #expect(shards == ["shard-00000.npy"])
    }

    @Test func aDamagedIndexOrAMissingShardIsRefusedByName() throws {
        let root = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("shards")
        _ = try ShardedCorpusEncoder(encoder: Self.encoder, shardTokens: 400).encode(try Corpus(paths: [root.path]), to: folder)
        let indexURL = folder.appendingPathComponent("index.json")
        #expect(ShardIndex.indexURL(for: folder.path) == indexURL)
        #expect(ShardIndex.indexURL(for: root.appendingPathComponent("a").path) == nil)
        var index = try ShardIndex.read(contentsOf: indexURL)

        let damaged = root.appendingPathComponent("damaged")
        try FileManager.default.copyItem(at: folder, to: damaged)
        index.pieces[3].offset = index.shards[index.pieces[3].shard].tokenCount
        try Data(JSONEncoder().encode(index)).write(to: damaged.appendingPathComponent("index.json"))
        #expect(throws: TokenFileError.pieceOutsideShard(path: damaged.appendingPathComponent("index.json").path, piece: 3)) {
            try ShardIndex.read(contentsOf: damaged.appendingPathComponent("index.json"))
        }

        try FileManager.default.removeItem(at: folder.appendingPathComponent("shard-00001.npy"))
        #expect(throws: TokenFileError.missingShard(path: indexURL.path, shard: "shard-00001.npy")) {
            try ShardIndex.read(contentsOf: indexURL)
        }
        try Data("{\"format\": \"other\"}".utf8).write(to: indexURL)
        #expect(throws: TokenFileError.self) { try ShardIndex.read(contentsOf: indexURL) }
    }
}
