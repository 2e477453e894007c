import ArgumentParser
import Foundation
import NeuraMusic

struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Turn a MIDI corpus into a token file pair: NAME.npy (int32 tokens) and NAME.json (encoding and pieces).",
        discussion: "CORPUS is any mix of MIDI files and folders (searched recursively for .mid/.midi). Ends with a report of every file and track skipped or changed, and why.")

    @Argument(help: "MIDI files and folders.")
    var corpus: [String]

    @Option(name: [.short, .customLong("output")], help: "Output name: writes NAME.npy and NAME.json (with --shard-tokens, a folder).")
    var output: String

    @Option(parsing: .unconditional, help: "Semitone transpositions to add, e.g. -3..3; each piece appears once per shift that stays in range.")
    var transpose = "0"

    @Option(help: "Grid steps per quarter note (4 = sixteenths, 1 = quarters as in the JSB benchmark).")
    var stepsPerQuarter = 4

    @Option(help: "Style label: adds a STYLE:<name> token to every piece.")
    var style: String?

    @Option(help: ArgumentHelp(
        "Comma-separated styles of the vocabulary (default: just --style).",
        discussion: "Encode each style's corpus with the same list, e.g. --styles chorale,folk, so the token files share one vocabulary."))
    var styles: String?

    @Option(help: ArgumentHelp(
        "Write shards of at most N tokens into the folder -o DIR instead of one NAME.npy.",
        discussion: "DIR/shard-00000.npy, … each hold whole pieces; DIR/index.json lists the encoding, every piece (shard, offset, length, source, transposition) and the shards; DIR/import-report.txt has the import report. Memory stays flat whatever the corpus size."))
    var shardTokens: Int?

    @Option(help: "Files encoded in parallel with --shard-tokens (the output is the same for any value).")
    var jobs = 1

    func validate() throws {
        guard !corpus.isEmpty else { throw ValidationError("give at least one MIDI file or folder") }
        do { _ = try TranspositionRange.parse(transpose) } catch { throw ValidationError("\(error)") }
        if let shardTokens, shardTokens < 2 { throw ValidationError("--shard-tokens must be at least 2, got \(shardTokens)") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if jobs > 1, shardTokens == nil { throw ValidationError("--jobs works with --shard-tokens") }
    }

    func run() throws {
        let transpositions = try TranspositionRange.parse(transpose)
        let vocabularyStyles = styles.map { $0.split(separator: ",").map(String.init) } ?? style.map { [$0] } ?? []
        let config = EncodingConfig(stepsPerQuarter: stepsPerQuarter, styles: vocabularyStyles)
        let files = try Corpus(paths: corpus, stepsPerQuarter: stepsPerQuarter)
        let progress = ProgressPrinter(label: "encode", unit: "files", total: files.files.count)
        let encoder = CorpusEncoder(config: config, transpositions: transpositions, style: style)
        if let shardTokens {
            let sharded = ShardedCorpusEncoder(encoder: encoder, shardTokens: shardTokens, jobs: jobs)
            let summary = try sharded.encode(files, to: URL(fileURLWithPath: output)) { done, _ in progress.update(done: done) }
            progress.finish()
            print(summary.description)
            print(summary.tally.description)
            return
        }
        let summary = try encoder.encode(files, to: URL(fileURLWithPath: output)) { done, _ in progress.update(done: done) }
        progress.finish()
        print(summary.description)
        print(summary.report)
    }
}
