import Foundation

/// The `training` metadata of a model file (a JSON string beside `format`, `version` and
/// `encoding`): what it was trained on, how, and how well it did. Checkpoints carry it too, so a resumed run's record covers the whole run.
public struct TrainingRecord: Codable, Hashable, Sendable {
    public struct Evaluation: Codable, Hashable, Sendable {
        public var step: Int
        public var validationNLL: Double
        public var trainingLoss: Double?
    }

    public var corpus: [String]
    public var validationCorpus: [String]
    public var hyperparameters: TrainingHyperparameters
    public var steps: Int
    public var trainingPieces: Int
    public var trainingTokens: Int
    public var validationPieces: Int
    /// Mean NLL per token on the validation pieces at the last evaluation (as `NLLEvaluator`
    /// defines it), if any.
    public var validationNLL: Double?
    public var history: [Evaluation]
    public var trainingSeconds: Double
    public var initializedFrom: String?
    public var neurascoreVersion: String

    public func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(json: String) throws -> TrainingRecord {
        try JSONDecoder().decode(TrainingRecord.self, from: Data(json.utf8))
    }
}
