import Foundation

extension NeuraModel {
    /// Writes `result` into the training record of the model file at `url` as the test NLL that
    /// `neurascore models` shows ("testNLL"), with the corpus and counts under "test". Only the
    /// record changes.
    public static func recordTest(_ result: EvaluationResult, corpus: [String], inModelAt url: URL) throws(ModelError) {
        var test: [String: Any] = [
            "corpus": corpus, "meanNLL": result.meanNLL, "perplexity": result.perplexity,
            "tokenCount": result.tokenCount, "pieceCount": result.pieceCount,
        ]
        if let perStep = result.nllPerStep { test["nllPerStep"] = perStep }
        try updateTrainingRecord(at: url, setting: ["testNLL": result.meanNLL, "test": test])
    }
}
