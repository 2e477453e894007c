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
        "The parts of a part-aware encoding, top voice first: NAME[:PROGRAM[:POLYPHONY]],… e.g. soprano:52:1,alto:52:1,tenor:52:1,bass:52:1.",
        discussion: "Each part gets pitch tokens of its own (P60/0, P60/1, …), so a note says its part at no cost in tokens. A file's parts are matched to these by name (Soprano, S, Violin I for violin 1), the rest by register; parts beyond them are merged, or left out when every part is already named. Up to 16."))
    var parts: String?

    @Option(help: ArgumentHelp(
        "Steps ahead that controls are placed (at least the largest shift, 16 on the default grid); 0: no controls.",
        discussion: "With controls, each piece is written --renderings times: plainly, then with a part, the bars after a gap, or its end given ahead of time, the way harmonize, infill and --end-at-bar ask a model."))
    var anticipation = 0

    @Option(help: ArgumentHelp(
        "With --anticipation: how given notes stand in the stream: echo (announced ahead and played at their time) or replace (announced instead of played).",
        discussion: "echo is the default: an LSTM then hears each given note twice, ahead and in its place."))
    var controlStyle = "echo"

    @Option(help: "Longest single time-shift token in grid steps (default: 4 quarters); longer rests take several.")
    var maxShift: Int?

    @Option(help: "With --anticipation: writings of each piece (the first plain).")
    var renderings = 4

    @Option(help: "With --anticipation: the seed of the writings' random choices.")
    var mixSeed: UInt64 = 1

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
        guard ["echo", "replace"].contains(controlStyle) else {
            throw ValidationError("--control-style must be echo or replace (got \(controlStyle))")
        }
    }

    func run() throws {
        let transpositions = try TranspositionRange.parse(transpose)
        let vocabularyStyles = styles.map { $0.split(separator: ",").map(String.init) } ?? style.map { [$0] } ?? []
        let config = EncodingConfig(
            stepsPerQuarter: stepsPerQuarter, maxShift: maxShift, styles: vocabularyStyles,
            parts: try parts.map(Self.parseParts) ?? [],
            anticipation: anticipation, echoControls: controlStyle == "echo")
        do { try config.validate() } catch { throw ValidationError("\(error)") }
        let files = try Corpus(paths: corpus, stepsPerQuarter: stepsPerQuarter)
        let progress = ProgressPrinter(label: "encode", unit: "files", total: files.files.count)
        let encoder = CorpusEncoder(
            config: config, transpositions: transpositions, style: style,
            controlMix: ControlMix(renderings: anticipation > 0 ? renderings : 1, seed: mixSeed))
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

    /// "soprano:52:1,alto:52:1" → roles with programs and, optionally, how many notes each
    /// sounds at once; a name alone sounds as a piano, with no limit.
    static func parseParts(_ text: String) throws -> [PartRole] {
        try text.split(separator: ",").map { field in
            let pieces = field.split(separator: ":", omittingEmptySubsequences: false).map {
                String($0).trimmingCharacters(in: .whitespaces)
            }
            let program = pieces.count >= 2 ? Int(pieces[1]) : 0
            let polyphony = pieces.count == 3 ? Int(pieces[2]) : nil
            guard (1...3).contains(pieces.count), !pieces[0].isEmpty, let program, (0...127).contains(program),
                  pieces.count < 3 || (polyphony ?? 0) >= 1 else {
                throw ValidationError(
                    "--parts takes NAME[:PROGRAM[:POLYPHONY]],… with programs 0…127, e.g. soprano:52:1,alto:52:1 (got \(field))")
            }
            return PartRole(pieces[0], program: program, polyphony: polyphony)
        }
    }
}
