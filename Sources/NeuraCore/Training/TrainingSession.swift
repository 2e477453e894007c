import Foundation
import NeuraLSTM
import NeuraMusic

/// One training run: the corpus read and split, a trainer (fresh, from a model, or from a
/// checkpoint) and the batch sampler; `run` trains, validates and checkpoints.
public final class TrainingSession {
    public let request: TrainingRequest
    public let hyperparameters: TrainingHyperparameters
    public let encoding: EncodingConfig
    public let config: LSTMConfig
    /// The training corpus as read, with its import report (and the validation corpus's).
    public let corpus: TokenCorpus
    public let validationCorpus: TokenCorpus?
    public let trainingPieces: [TokenPiece]
    public let validationPieces: [TokenPiece]
    public private(set) var record: TrainingRecord
    public private(set) var lastSaved: URL?
    private var trainer: LSTMTrainer
    private let sampler: WindowSampler
    private let fingerprint: String

    public var step: Int { trainer.stepCount }
    public var parameters: LSTMParameters { trainer.parameters }
    /// Predicted positions in the training pieces (one epoch).
    public var epochPositions: Int { sampler.positionCount }

    private init(
        request: TrainingRequest, hyperparameters: TrainingHyperparameters, encoding: EncodingConfig,
        config: LSTMConfig, corpus: TokenCorpus, validationCorpus: TokenCorpus?, trainingPieces: [TokenPiece],
        validationPieces: [TokenPiece], record: TrainingRecord, trainer: LSTMTrainer, sampler: WindowSampler,
        fingerprint: String
    ) {
        self.request = request
        self.hyperparameters = hyperparameters
        self.encoding = encoding
        self.config = config
        self.corpus = corpus
        self.validationCorpus = validationCorpus
        self.trainingPieces = trainingPieces
        self.validationPieces = validationPieces
        self.record = record
        self.trainer = trainer
        self.sampler = sampler
        self.fingerprint = fingerprint
        // A resumed run can always go back to where it started.
        lastSaved = request.resume
    }

    /// Reads everything and checks every option before the first step, so that a mistake
    /// costs no training time and leaves no files behind.
    public static func prepare(
        _ request: TrainingRequest, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> TrainingSession {
        if let threads = request.threads {
            guard threads >= 1 else { throw TrainingError.invalidOption("--threads must be at least 1, got \(threads)") }
            BLAS.setThreadCount(threads)
        }
        try checkWritable(request.output)

        var base = TrainingHyperparameters()
        if !request.validationCorpus.isEmpty { base.validationFraction = 0 }
        var required: EncodingConfig?
        var requiredFrom = ""
        var checkpoint: TrainingCheckpoint?
        var initialModel: NeuraModel?
        if let resume = request.resume {
            guard request.initialModel == nil else {
                throw TrainingError.invalidOption("--resume and --init exclude each other: a checkpoint already holds weights")
            }
            let loaded = try TrainingCheckpoint.read(contentsOf: resume)
            checkpoint = loaded
            base = loaded.hyperparameters
            required = loaded.encoding
            requiredFrom = "checkpoint \(resume.path)"
        } else if let url = request.initialModel {
            let model = try NeuraModel.load(contentsOf: url)
            initialModel = model
            base.layers = model.parameters.config.layers
            base.hiddenSize = model.parameters.config.hiddenSize
            base.embeddingSize = model.parameters.config.embeddingSize
            for (option, requested, actual) in [
                ("--layers", request.overrides.layers, base.layers), ("--hidden", request.overrides.hiddenSize, base.hiddenSize),
                ("--embed", request.overrides.embeddingSize, base.embeddingSize),
            ] {
                if let requested, requested != actual {
                    throw TrainingError.architectureMismatch(model: url.path, field: option, modelValue: actual, requested: requested)
                }
            }
            required = model.encoding
            requiredFrom = "model \(url.path)"
        }
        if let required, let grid = request.stepsPerQuarter, grid != required.stepsPerQuarter {
            throw TrainingError.invalidOption(
                "--steps-per-quarter \(grid) differs from the \(required.stepsPerQuarter) of \(requiredFrom)")
        }
        var hyperparameters = try request.overrides.applied(to: base, lockedBy: request.resume?.path)
        try hyperparameters.validate()  // before the corpus is read: a typo costs no time

        let fallback = EncodingConfig(
            stepsPerQuarter: request.stepsPerQuarter ?? 4, styles: request.style.map { [$0] } ?? [])
        let corpus = try TokenCorpus.load(
            paths: request.corpus, required: required, requiredFrom: requiredFrom, fallback: fallback,
            style: request.style, progress: progress)
        let encoding = corpus.encoding
        if let grid = request.stepsPerQuarter, grid != encoding.stepsPerQuarter {
            throw TrainingError.invalidOption(
                "--steps-per-quarter \(grid) differs from the token files' grid of \(encoding.stepsPerQuarter)")
        }
        var validationCorpus: TokenCorpus?
        if !request.validationCorpus.isEmpty {
            validationCorpus = try TokenCorpus.load(
                paths: request.validationCorpus, required: encoding, requiredFrom: "the training corpus",
                style: request.style)
        }
        let split = ValidationSplit.split(
            corpus.pieces, fraction: hyperparameters.validationFraction, seed: hyperparameters.seed)
        let validationPieces = split.validation + (validationCorpus?.pieces ?? [])
        guard !split.training.isEmpty else {
            throw TrainingError.noTrainingPieces(pieces: corpus.pieces.count, validationPieces: split.validation.count)
        }
        let sampler = try WindowSampler(
            pieces: split.training.map(\.tokens), encoding: encoding, sequenceLength: hyperparameters.sequenceLength,
            batchSize: hyperparameters.batchSize, transpositions: hyperparameters.transpositions,
            seed: hyperparameters.seed)
        if let epochs = request.overrides.epochs {
            guard epochs > 0, epochs.isFinite else { throw TrainingError.invalidOption("--epochs must be positive, got \(epochs)") }
            let perStep = Double(hyperparameters.batchSize * hyperparameters.sequenceLength)
            hyperparameters.steps = max(1, Int((epochs * Double(sampler.positionCount) / perStep).rounded(.up)))
        }
        try hyperparameters.validate()

        let fingerprint = TokenCorpus.fingerprint(split.training)
        let config: LSTMConfig
        do {
            config = try LSTMConfig(
                vocabularySize: encoding.vocabularySize, embeddingSize: hyperparameters.embeddingSize,
                hiddenSize: hyperparameters.hiddenSize, layers: hyperparameters.layers)
        } catch {
            throw TrainingError.invalidOption(error.description)
        }
        let trainer: LSTMTrainer
        var record = TrainingRecord(
            corpus: request.corpus, validationCorpus: request.validationCorpus, hyperparameters: hyperparameters,
            steps: 0, trainingPieces: split.training.count, trainingTokens: split.training.reduce(0) { $0 + $1.tokens.count },
            validationPieces: validationPieces.count, validationNLL: nil, history: [], trainingSeconds: 0,
            initializedFrom: request.initialModel?.path, neurascoreVersion: neuraScoreVersion)
        if let checkpoint, let resume = request.resume {
            guard checkpoint.corpusFingerprint == fingerprint else {
                throw TrainingError.resumeMismatch(
                    checkpoint: resume.path, field: "training tokens (fingerprint)",
                    checkpointValue: checkpoint.corpusFingerprint, requested: fingerprint)
            }
            guard checkpoint.step < hyperparameters.steps else {
                throw TrainingError.invalidOption(
                    "\(resume.path) has already trained \(checkpoint.step) steps; pass --steps above that to train further")
            }
            trainer = try checkpoint.snapshot.makeTrainer(config: config, options: hyperparameters.trainingOptions)
            record.history = checkpoint.record.history
            record.validationNLL = checkpoint.record.validationNLL
            record.trainingSeconds = checkpoint.record.trainingSeconds
            record.initializedFrom = checkpoint.record.initializedFrom
            record.steps = checkpoint.step
        } else {
            let parameters: LSTMParameters
            if let initialModel {
                parameters = initialModel.parameters
            } else {
                var rng = SplitMix64(seed: hyperparameters.seed)
                parameters = LSTMParameters(config: config, rng: &rng)
            }
            do {
                trainer = try LSTMTrainer(
                    parameters: parameters, options: hyperparameters.trainingOptions,
                    seed: hyperparameters.seed ^ 0xD809_0D7A_5EED_0001)
            } catch {
                throw TrainingError.engine(error.description)
            }
        }
        return TrainingSession(
            request: request, hyperparameters: hyperparameters, encoding: encoding, config: config, corpus: corpus,
            validationCorpus: validationCorpus, trainingPieces: split.training, validationPieces: validationPieces,
            record: record, trainer: trainer, sampler: sampler, fingerprint: fingerprint)
    }

    /// Trains up to `until` steps (default: the run's total), validating and saving at the
    /// intervals asked for and always at the end. Stops with `TrainingError.nonFinite` on a
    /// NaN or infinity, leaving the last saved files as they were.
    @discardableResult
    public func run(until: Int? = nil, observe: (TrainingEvent) -> Void = { _ in }) throws(TrainingError) -> TrainingRecord {
        let target = min(until ?? hyperparameters.steps, hyperparameters.steps)
        let started = Date()
        let secondsBefore = record.trainingSeconds
        let startStep = trainer.stepCount
        var tokens = 0
        var lossSum = 0.0
        var lossCount = 0
        while trainer.stepCount < target {
            let batch = try sampler.batch(forStep: trainer.stepCount)
            let report: TrainingStepReport
            do {
                report = try trainer.step(batch: batch)
            } catch {
                throw .nonFinite(step: trainer.stepCount + 1, detail: error.description, lastCheckpoint: lastSaved?.path)
            }
            tokens += report.tokenCount
            lossSum += Double(report.loss)
            lossCount += 1
            let elapsed = Date().timeIntervalSince(started)
            observe(.step(
                step: report.step, startStep: startStep, totalSteps: hyperparameters.steps, loss: report.loss, learningRate: report.learningRate,
                tokensPerSecond: elapsed > 0 ? Double(tokens) / elapsed : 0, elapsed: elapsed))
            let step = report.step
            let atEnd = step == target
            let evaluates = atEnd || (hyperparameters.evaluateEvery > 0 && step % hyperparameters.evaluateEvery == 0)
            if evaluates, !validationPieces.isEmpty {
                let nll = try validate()
                record.history.append(.init(step: step, validationNLL: nll, trainingLoss: lossSum / Double(max(lossCount, 1))))
                record.validationNLL = nll
                (lossSum, lossCount) = (0, 0)
                observe(.validated(step: step, nll: nll))
            }
            if atEnd || (hyperparameters.checkpointEvery > 0 && step % hyperparameters.checkpointEvery == 0) {
                record.trainingSeconds = secondsBefore + Date().timeIntervalSince(started)
                try save()
                observe(.saved(step: step, model: request.output, checkpoint: request.checkpoint))
            }
        }
        return record
    }

    /// Mean NLL per token over the validation pieces, as `NLLEvaluator` defines it.
    public func validate() throws(TrainingError) -> Double {
        let result: NLLResult
        do {
            var evaluator = try NLLEvaluator(parameters: trainer.parameters)
            result = try evaluator.evaluate(pieces: validationPieces.map(\.tokens))
        } catch {
            throw .engine("validation failed: \(error)")
        }
        guard result.meanNLL.isFinite else {
            throw .nonFinite(step: trainer.stepCount, detail: "validation NLL is \(result.meanNLL)", lastCheckpoint: lastSaved?.path)
        }
        return result.meanNLL
    }

    /// Checkpoint first, then the model: each write is atomic, and a model file never runs
    /// ahead of the checkpoint that can continue it.
    private func save() throws(TrainingError) {
        guard trainer.parameters.values.allSatisfy(\.isFinite) else {
            throw .nonFinite(step: trainer.stepCount, detail: "a weight is not finite", lastCheckpoint: lastSaved?.path)
        }
        record.steps = trainer.stepCount
        let checkpoint = TrainingCheckpoint(
            snapshot: TrainerSnapshot(trainer: trainer), config: config, encoding: encoding,
            hyperparameters: hyperparameters, corpusFingerprint: fingerprint, record: record)
        do {
            try checkpoint.write(to: request.checkpoint)
        } catch {
            throw saveFailure(request.checkpoint, error.description)
        }
        do {
            let model = try NeuraModel(
                name: request.output.deletingPathExtension().lastPathComponent, url: request.output,
                parameters: trainer.parameters, encoding: encoding, trainingRecord: record.jsonString())
            try model.write(to: request.output)
        } catch {
            throw saveFailure(request.output, error.description)
        }
        lastSaved = request.checkpoint
    }

    /// `saveFailed` names the file itself, so the writers' own naming of it is dropped.
    private func saveFailure(_ url: URL, _ message: String) -> TrainingError {
        var reason = message.replacingOccurrences(of: "cannot write " + url.path + ": ", with: "")
            .replacingOccurrences(of: url.path + ": ", with: "")
        for wrapper in ["cannot write here: ", "cannot write the model: "] where reason.hasPrefix(wrapper) {
            reason.removeFirst(wrapper.count)
        }
        if reason.hasSuffix("; nothing was trained") { reason.removeLast("; nothing was trained".count) }
        return .saveFailed(path: url.path, step: trainer.stepCount, reason: reason, lastCheckpoint: lastSaved?.path)
    }

    /// Creates and removes a probe file beside `output`, so an unwritable place fails now.
    static func checkWritable(_ output: URL) throws(TrainingError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: output.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .outputUnwritable(path: output.path, reason: "it is a folder; --out names the model file")
        }
        guard output.pathExtension == "safetensors" else {
            throw .invalidOption("--out must name a .safetensors file, got \(output.path)")
        }
        if let problem = AtomicFile.destinationProblem(output) {
            throw .outputUnwritable(path: output.path, reason: problem)
        }
        let folder = output.deletingLastPathComponent()
        let probe = folder.appendingPathComponent(".neurascore-probe-\(getpid())-\(UUID().uuidString)")
        guard manager.createFile(atPath: probe.path, contents: Data()) else {
            throw .outputUnwritable(path: output.path, reason: "cannot create files in \(folder.path)")
        }
        try? manager.removeItem(at: probe)
    }
}
