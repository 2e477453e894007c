import Foundation
import NeuraLSTM
import NeuraMusic

/// `neurascore eval`'s numbers, NLL as `NLLEvaluator` defines it. The JSON keys are a contract:
/// meanNLL, perplexity, tokenCount, pieceCount, nllPerStep.
public struct EvaluationResult: Sendable, Hashable, Codable {
    /// Σ NLL / Σ n in nats, n counting every token after each piece's BOS (EOS included).
    public var meanNLL: Double
    /// exp(meanNLL).
    public var perplexity: Double
    public var tokenCount: Int
    public var pieceCount: Int
    /// Σ NLL / Σ grid steps, the steps being the sum of each piece's time-shift tokens (its
    /// length on the grid): on the JSB quarter grid, a frame-level NLL. Nil when the pieces
    /// have no steps at all.
    public var nllPerStep: Double?

    public var totalNLL: Double { meanNLL * Double(tokenCount) }

    private enum CodingKeys: String, CodingKey { case meanNLL, perplexity, tokenCount, pieceCount, nllPerStep }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(meanNLL, forKey: .meanNLL)
        try container.encode(perplexity, forKey: .perplexity)
        try container.encode(tokenCount, forKey: .tokenCount)
        try container.encode(pieceCount, forKey: .pieceCount)
        try container.encode(nllPerStep, forKey: .nllPerStep)  // null rather than absent: the key set is stable
    }

    public func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// Scores a corpus under a model: tokens through `NLLEvaluator`, steps from the shift tokens.
public enum CorpusEvaluation {
    public static func evaluate(model: NeuraModel, pieces: [TokenPiece]) throws(TrainingError) -> EvaluationResult {
        let result: NLLResult
        do {
            var evaluator = try NLLEvaluator(parameters: model.parameters)
            result = try evaluator.evaluate(pieces: pieces.map(\.tokens))
        } catch {
            throw .engine("evaluation failed: \(error)")
        }
        let steps = pieces.reduce(0) { $0 + $1.stepCount(encoding: model.encoding) }
        return EvaluationResult(
            meanNLL: result.meanNLL, perplexity: Foundation.exp(result.meanNLL), tokenCount: result.tokenCount,
            pieceCount: pieces.count, nllPerStep: steps > 0 ? result.totalNLL / Double(steps) : nil)
    }

    /// Reads CORPUS (MIDI or token files) under the model's encoding, refusing token files
    /// of another encoding, and scores it.
    public static func evaluate(
        model: NeuraModel, paths: [String], style: String? = nil, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> (result: EvaluationResult, corpus: TokenCorpus) {
        let corpus = try TokenCorpus.load(
            paths: paths, required: model.encoding, requiredFrom: "model \(model.url?.path ?? model.name)", style: style,
            progress: progress)
        return (try evaluate(model: model, pieces: corpus.pieces), corpus)
    }
}
