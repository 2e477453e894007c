import ArgumentParser
import Foundation
import NeuraCore
import NeuraMusic

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a corpus under a model: mean NLL per token, perplexity, token and piece counts.",
        discussion: """
            Each piece starts from a zero state at BOS and every later token, EOS \
            included, is scored. --per-step adds the total NLL divided by the pieces' length in grid steps \
            (the sum of their time-shift tokens). --json prints {"meanNLL", "perplexity", "tokenCount", \
            "pieceCount", "nllPerStep"} (nllPerStep is always present, null only for pieces without steps).
            """)

    @Option(help: "Model name or .safetensors path.")
    var model: String?

    @Argument(help: "MIDI files and folders, or token files (NAME or a shard folder) from `neurascore encode`.")
    var corpus: [String]

    @Flag(help: "Also report NLL per grid step.")
    var perStep = false

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Style label for MIDI pieces (one of the model's styles).")
    var style: String?

    @Option(help: ArgumentHelp(
        "Score a composing task instead: harmonize or infill (MIDI corpora only).",
        discussion: "harmonize: NLL per note of the voices that are not --keep, given the kept ones. infill: NLL per note of a gap of --gap-bars bars in the middle of each piece, given the music before it and (unless --left-only) the bars after it. Both count only the tokens the model must choose, so models with and without controls compare on the same notes."))
    var task: String?

    @Option(help: "With --task harmonize: the voices given, e.g. S or S,B (default S).")
    var keep = "S"

    @Option(help: "With --task infill: the gap's length in bars (default 2).")
    var gapBars = 2

    @Flag(help: "With --task infill: give only the music before the gap.")
    var leftOnly = false

    @Flag(help: ArgumentHelp(
        "Write the result into the model file as its test NLL, which `neurascore models` lists.",
        discussion: "Give it the model's test split only: pieces it never trained on or was chosen by."))
    var record = false

    func validate() throws {
        guard !corpus.isEmpty else { throw ValidationError("give at least one MIDI file, folder or token file") }
        // Checked before the model is loaded: a typo costs nothing.
        if let task {
            guard ["harmonize", "infill"].contains(task) else { throw ValidationError("--task must be harmonize or infill (got \(task))") }
            guard gapBars >= 1 else { throw ValidationError("--gap-bars must be at least 1 (got \(gapBars))") }
            guard !record else { throw ValidationError("--record writes the plain test NLL; leave it out with --task") }
        }
    }

    func run() throws {
        let url = try ModelLocator.standard().resolve(model)
        let loaded = try NeuraModel.load(contentsOf: url)
        if let task {
            try runTask(task, model: loaded)
            return
        }
        let reading = FileProgress()
        let (result, corpus) = try CorpusEvaluation.evaluate(model: loaded, paths: self.corpus, style: style) { done, total in
            reading.update(done: done, total: total)
        }
        reading.finish()
        if json {
            print(result.jsonString())
        } else {
            print("model \(url.path)")
            print("\(result.pieceCount) piece(s), \(result.tokenCount) scored token(s)")
            print(String(format: "mean NLL %.6f nats/token, perplexity %.4f", result.meanNLL, result.perplexity))
            if perStep {
                print("NLL per grid step: " + (result.nllPerStep.map { String(format: "%.6f", $0) } ?? "n/a (no steps)"))
            }
        }
        if corpus.midiFileCount > 0 { printError(corpus.report.description) }
        if record {
            try NeuraModel.recordTest(result, corpus: self.corpus, inModelAt: url)
            printError("recorded test NLL \(String(format: "%.4f", result.meanNLL)) in \(url.path)")
        }
    }

    private func runTask(_ name: String, model: NeuraModel) throws {
        let task: TaskEvaluation.Task
        switch name {
        case "harmonize": task = .harmonization(keep: keep.split(separator: ",").map(String.init))
        default: task = .infill(bars: gapBars, bothSides: !leftOnly)
        }
        var scores: [Score] = []
        var report = ImportReport()
        for entry in try Corpus(paths: corpus, stepsPerQuarter: model.encoding.stepsPerQuarter) {
            report.append(contentsOf: entry.report)
            if let score = entry.score { scores.append(score) }
        }
        let result = try TaskEvaluation.evaluate(model: model, scores: scores, task: task)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print("\(result.task): \(result.pieceCount) piece(s), \(result.noteCount) note(s) written, \(result.tokenCount) scored token(s)")
            print(String(format: "NLL %.4f nats per written note", result.nllPerNote))
        }
        if !report.entries.isEmpty { printError(report.description) }
    }
}
