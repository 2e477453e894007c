import Foundation
import Testing
@testable import NeuraMusic

@Suite struct CorpusTests {
    /// A folder tree: two scores in nested folders, a drums-only file, junk, and a text file.
    static func makeCorpus() throws -> URL {
        let root = try GridFixtures.scratchFolder()
        let nested = root.appendingPathComponent("b/deeper")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let melody = Score(notes: [Note(pitch: 60, start: 0, length: 2), Note(pitch: 64, start: 2, length: 2), Note(pitch: 67, start: 4, length: 4)])
        let chords = Score(notes: [Note(pitch: 48, start: 0, length: 4), Note(pitch: 55, start: 0, length: 4, part: 1), Note(pitch: 105, start: 4, length: 1)])
        let drums = Score(drums: [Note(pitch: 36, start: 0, length: 1)])
        try ScoreFile.save(melody, to: root.appendingPathComponent("a.mid"))
        try ScoreFile.save(chords, to: nested.appendingPathComponent("c.MIDI"))
        try ScoreFile.save(drums, to: nested.appendingPathComponent("d.mid"))
        try Data("MThd junk".utf8).write(to: root.appendingPathComponent("b/broken.mid"))
        try Data("notes".utf8).write(to: root.appendingPathComponent("readme.txt"))
        return root
    }

    @Test func filesAreFoundRecursivelySortedAndOnce() throws {
        let root = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let a = root.appendingPathComponent("a.mid").path
        let files = try CorpusFiles.list([root.path, a]).map { $0.path.replacingOccurrences(of: root.standardizedFileURL.path, with: "") }
        #expect(files == ["/a.mid", "/b/broken.mid", "/b/deeper/c.MIDI", "/b/deeper/d.mid"])
        let link = root.appendingPathComponent("b/link.mid")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: root.appendingPathComponent("a.mid"))
        #expect(try CorpusFiles.list([root.appendingPathComponent("b").path]).map(\.lastPathComponent) == ["broken.mid", "c.MIDI", "d.mid", "link.mid"])
        #expect(throws: CorpusError.notFound(path: root.path + "/missing")) { try CorpusFiles.list([root.path + "/missing"]) }
        let empty = root.appendingPathComponent("b/deeper/none")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(throws: CorpusError.noMIDIFiles(paths: [empty.path])) { try CorpusFiles.list([empty.path]) }
    }

    @Test func unreadableFilesAreSkippedWithTheReason() throws {
        let root = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let entries = Array(try Corpus(paths: [root.path]))
        #expect(entries.map { $0.score != nil } == [true, false, true, true])
        let broken = entries[1].report.entries
        #expect(broken.count == 1 && broken[0].kind == .unreadableFile && broken[0].source.hasSuffix("broken.mid"))
        #expect(!broken[0].detail.isEmpty)
    }

    @Test func encodingWritesTokensAndAManifestThatAgree() throws {
        let root = try Self.makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = EncodingConfig(lowestPitch: 36, highestPitch: 100, styles: ["test"])
        let encoder = CorpusEncoder(config: config, transpositions: -1...1, style: "test")
        var calls: [Int] = []
        let base = root.appendingPathComponent("out/tokens")
        try FileManager.default.createDirectory(at: base.deletingLastPathComponent(), withIntermediateDirectories: true)
        let summary = try encoder.encode(try Corpus(paths: [root.path]), to: base) { done, total in
            #expect(total == 4)
            calls.append(done)
        }
        #expect(calls == [1, 2, 3, 4])
        // a.mid and c.MIDI, three transpositions each; broken.mid unreadable, d.mid drums only.
        #expect(summary.pieces == 6 && summary.skippedFiles == 2 && summary.files == 4)
        #expect(summary.report.total(.unreadableFile) == 1)
        #expect(summary.report.total(.emptyPiece) == 1)
        #expect(summary.report.total(.pitchOutOfRange) == 1, "P105 is above the range")
        #expect(summary.report.sources(with: .partsMerged).count == 1)

        let file = try TokenFile.read(base: base)
        #expect(file.manifest.encoding == config)
        #expect(file.tokens.count == summary.tokens)
        #expect(file.manifest.pieces.map(\.transposition) == [-1, 0, 1, -1, 0, 1])
        var next = 0
        for piece in file.manifest.pieces {
            #expect(piece.offset == next)
            next += piece.length
            let tokens = file.tokens(of: piece).map(Int.init)
            let score = try config.decode(tokens)
            #expect(score.style == "test")
            let original = try config.decode(config.transposeTokens(tokens, by: -piece.transposition))
            let (expected, _) = try ScoreFile.load(contentsOf: URL(fileURLWithPath: piece.source))
            let fitted = try expected.fitted(to: config, source: "").score
            #expect(original.notes.map(\.start) == fitted.notes.map(\.start))
        }
        #expect(next == file.tokens.count)
        #expect(file.manifest.pieces.first?.source.hasSuffix("/a.mid") == true)
    }

    @Test func transpositionsLeavingTheRangeAreSkippedAndReported() throws {
        let root = try GridFixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try ScoreFile.save(Score(notes: [Note(pitch: 107, start: 0, length: 1)]), to: root.appendingPathComponent("high.mid"))
        let encoder = CorpusEncoder(config: EncodingConfig(), transpositions: -2...2)
        let summary = try encoder.encode(try Corpus(paths: [root.path]), to: root.appendingPathComponent("t"))
        #expect(summary.pieces == 4)
        #expect(summary.report.total(.transpositionSkipped) == 1)
        #expect(throws: EncodingError.self) {
            try CorpusEncoder(config: EncodingConfig(), style: "unknown").encode(try Corpus(paths: [root.path]), to: root.appendingPathComponent("u"))
        }
    }

    @Test func transpositionArgumentsParse() throws {
        #expect(try TranspositionRange.parse("-3..3") == -3...3)
        #expect(try TranspositionRange.parse("-5...-1") == -5...(-1))
        #expect(try TranspositionRange.parse("2") == 2...2)
        for bad in ["3..-3", "a..b", "", "1..", "-200..0"] {
            #expect(throws: TranspositionRange.ParseError.self) { try TranspositionRange.parse(bad) }
        }
    }
}
