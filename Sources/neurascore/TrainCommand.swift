import ArgumentParser
import Foundation
import NeuraCore
import NeuraLSTM
import NeuraMusic

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an LSTM on a MIDI corpus or a token file and write MODEL.safetensors (and MODEL.ckpt.safetensors).",
        discussion: """
            CORPUS is any mix of MIDI files and folders (encoded on the fly, with an import report at the end) \
            and token files from `neurascore encode` (NAME, NAME.npy or NAME.json, or a shard folder or its \
            index.json). Batches are random windows of seq-len+1 tokens inside one piece, padded past EOS. \
            A share of the pieces, by source file, is held out for validation (--val-split, seeded), or give \
            validation corpora with --val. The model and its checkpoint are written every --checkpoint-every \
            steps and at the end; --resume continues a checkpoint exactly. Options left out keep their \
            defaults, or on --resume the checkpoint's values, or with --init the model's shape.
            """)

    @Argument(help: "MIDI files and folders, or token files (NAME or a shard folder) from `neurascore encode`.")
    var corpus: [String]

    @Option(name: .customLong("out"), help: "The model file to write (.safetensors).")
    var output: String

    @Option(name: .customLong("val"), help: "Validation corpus (repeatable); --val-split then defaults to 0.")
    var validation: [String] = []

    @Option(help: "LSTM layers (default 2).") var layers: Int?
    @Option(help: "Hidden size (default 256).") var hidden: Int?
    @Option(help: "Embedding size (default 64).") var embed: Int?
    @Option(help: "Predicted positions per window (default 128).") var seqLen: Int?
    @Option(help: "Windows per batch (default 32).") var batch: Int?
    @Option(help: "Updates to train for (default 2000).") var steps: Int?
    @Option(help: "Passes over the training tokens, instead of --steps.") var epochs: Double?
    @Option(help: "Peak learning rate (default 0.002).") var lr: Float?
    @Option(help: "Linear warm-up steps (default 100).") var warmup: Int?
    @Option(help: "Decay after warm-up: constant, linear or cosine (default cosine, to 10% of --lr).") var decay: String?
    @Option(help: "Dropout between LSTM layers (default 0.2).") var dropout: Float?
    @Option(help: "Share of pieces held out for validation (default 0.1, or 0 with --val).") var valSplit: Double?
    @Option(parsing: .unconditional, help: "Random transposition of each window, e.g. -3..3 semitones.") var transpose: String?
    @Option(help: "Grid for MIDI input (default 4 = sixteenths; 1 for the JSB benchmark).") var stepsPerQuarter: Int?
    @Option(help: "Style label: a STYLE:<name> token starts every MIDI piece.") var style: String?
    @Option(help: "Seed for initialisation, split, batches and dropout (default 1).") var seed: UInt64?
    @Option(help: "Threads for training (default: the number of cores, or OPENBLAS_NUM_THREADS).") var threads: Int?
    @Option(help: "Checkpoint (MODEL.ckpt.safetensors) to continue from.") var resume: String?
    @Option(name: .customLong("init"), help: "Model (name or path) whose weights and encoding to start from.") var initialModel: String?
    @Option(help: "Save the model and checkpoint every N steps (default 500; 0: only at the end).") var checkpointEvery: Int?
    @Option(help: "Validate every N steps (default 250; 0: only at the end).") var evalEvery: Int?

    func validate() throws {
        guard !corpus.isEmpty else { throw ValidationError("give at least one MIDI file, folder or token file") }
        if steps != nil, epochs != nil { throw ValidationError("give --steps or --epochs, not both") }
        if let decay, LearningRateSchedule.Decay(rawValue: decay) == nil {
            throw ValidationError("--decay must be constant, linear or cosine, got \(decay)")
        }
        if let transpose {
            do { _ = try TranspositionRange.parse(transpose) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        var request = TrainingRequest(corpus: corpus, output: URL(fileURLWithPath: output))
        request.validationCorpus = validation
        request.stepsPerQuarter = stepsPerQuarter
        request.style = style
        request.resume = resume.map { URL(fileURLWithPath: $0) }
        request.initialModel = try initialModel.map { try ModelLocator.standard().resolve($0) }
        request.threads = threads
        var overrides = TrainingOverrides()
        overrides.layers = layers
        overrides.hiddenSize = hidden
        overrides.embeddingSize = embed
        overrides.sequenceLength = seqLen
        overrides.batchSize = batch
        overrides.steps = steps
        overrides.epochs = epochs
        overrides.learningRate = lr
        overrides.warmupSteps = warmup
        overrides.decay = decay.flatMap(LearningRateSchedule.Decay.init(rawValue:))
        overrides.dropout = dropout
        overrides.validationFraction = valSplit
        overrides.transpositions = try transpose.map(TranspositionRange.parse)
        overrides.seed = seed
        overrides.checkpointEvery = checkpointEvery
        overrides.evaluateEvery = evalEvery
        request.overrides = overrides

        let reading = FileProgress()
        let session = try TrainingSession.prepare(request) { done, total in
            reading.update(done: done, total: total)
        }
        reading.finish()
        let parameters = session.hyperparameters
        printError("""
            training \(session.config) (\(session.config.parameterCount) weights) on \(session.trainingPieces.count) piece(s), \
            \(session.epochPositions) predicted tokens; validating on \(session.validationPieces.count) piece(s); \
            \(parameters.steps) steps of \(parameters.batchSize)×\(parameters.sequenceLength)\
            \(session.step > 0 ? ", resuming at step \(session.step)" : "")
            """)
        var progress = TrainingProgress(isTerminal: ProgressPrinter.standardErrorIsTerminal)
        let record = try session.run { event in
            if let text = progress.text(for: event) { writeToStandardError(text) }
        }
        print("wrote \(request.output.path) and \(request.checkpoint.path): \(record.steps) steps, "
            + "validation NLL \(record.validationNLL.map { String(format: "%.4f", $0) } ?? "n/a"), "
            + String(format: "%.1f s", record.trainingSeconds))
        if session.corpus.midiFileCount > 0 { print(session.corpus.report) }
        if let validation = session.validationCorpus, validation.midiFileCount > 0 { print(validation.report) }
    }
}

/// Progress text arrives with its own line endings (a carriage return on a terminal).
func writeToStandardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// The encode progress bar, made once the file count is known.
final class FileProgress {
    private var printer: ProgressPrinter?

    func update(done: Int, total: Int) {
        if printer == nil { printer = ProgressPrinter(label: "encode", unit: "files", total: total) }
        printer?.update(done: done)
    }

    func finish() { printer?.finish() }
}
