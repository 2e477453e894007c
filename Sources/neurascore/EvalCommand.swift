import ArgumentParser
import Foundation
import NeuraCore
import NeuraLSTM
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

    @Flag(help: ArgumentHelp(
        "Write the result into the model file as its test NLL, which `neurascore models` lists.",
        discussion: "Give it the model's test split only: pieces it never trained on or was chosen by."))
    var record = false

    func validate() throws {
        guard !corpus.isEmpty else { throw ValidationError("give at least one MIDI file, folder or token file") }
    }

    func run() throws {
        let url = try ModelLocator.standard().resolve(model)
        let loaded = try NeuraModel.load(contentsOf: url)
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
            let recorded = try loaded.recordingTest(result, corpus: self.corpus)
            try recorded.write(to: url, halfPrecision: loaded.parameters.survivesHalfPrecisionExactly)
            printError("recorded test NLL \(String(format: "%.4f", result.meanNLL)) in \(url.path)")
        }
    }
}
