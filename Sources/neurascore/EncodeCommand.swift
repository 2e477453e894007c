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

    @Option(name: [.short, .customLong("output")], help: "Output name: writes NAME.npy and NAME.json.")
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

    func validate() throws {
        guard !corpus.isEmpty else { throw ValidationError("give at least one MIDI file or folder") }
        do { _ = try TranspositionRange.parse(transpose) } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let transpositions = try TranspositionRange.parse(transpose)
        let vocabularyStyles = styles.map { $0.split(separator: ",").map(String.init) } ?? style.map { [$0] } ?? []
        let config = EncodingConfig(stepsPerQuarter: stepsPerQuarter, styles: vocabularyStyles)
        let files = try Corpus(paths: corpus, stepsPerQuarter: stepsPerQuarter)
        let progress = ProgressPrinter(label: "encode", unit: "files", total: files.files.count)
        let encoder = CorpusEncoder(config: config, transpositions: transpositions, style: style)
        let summary = try encoder.encode(files, to: URL(fileURLWithPath: output)) { done, _ in progress.update(done: done) }
        progress.finish()
        print(summary.description)
        print(summary.report)
    }
}
