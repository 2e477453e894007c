import Foundation

extension NeuraModel {
    /// This model with `result` in its training record as the test NLL that `neurascore models`
    /// shows ("testNLL"), with the corpus and counts under "test". Only the record changes.
    public func recordingTest(_ result: EvaluationResult, corpus: [String]) throws(ModelError) -> NeuraModel {
        var record = trainingRecordFields ?? [:]
        record["testNLL"] = result.meanNLL
        var test: [String: Any] = [
            "corpus": corpus, "meanNLL": result.meanNLL, "perplexity": result.perplexity,
            "tokenCount": result.tokenCount, "pieceCount": result.pieceCount,
        ]
        if let perStep = result.nllPerStep { test["nllPerStep"] = perStep }
        record["test"] = test
        let json: Data
        do {
            json = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        } catch {
            throw .unwritable(file: url?.path ?? name, reason: "the training record cannot be written as JSON: \(error)")
        }
        return try NeuraModel(
            name: name, url: url, parameters: parameters, encoding: encoding,
            trainingRecord: String(decoding: json, as: UTF8.self))
    }
}
