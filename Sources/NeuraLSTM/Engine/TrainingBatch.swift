/// B sequences of T+1 tokens: row b's inputs are tokens 0..<T and its targets tokens 1...T.
public struct TrainingBatch: Sendable, Equatable {
    public let sequenceCount: Int
    /// Predicted positions per sequence (T).
    public let length: Int
    /// (B, T+1) row-major.
    public let tokens: [Int]
    /// (B, T) row-major: the weight of predicting tokens[b][t+1]; 0 leaves a position out
    /// (padding, a BOS that crosses pieces). Nil counts every position once.
    public let weights: [Float]?

    public init(sequenceCount: Int, length: Int, tokens: [Int], weights: [Float]? = nil) throws(LSTMError) {
        guard sequenceCount > 0, length > 0 else {
            throw .invalidBatch("needs at least one sequence of at least two tokens, got B=\(sequenceCount) T=\(length)")
        }
        guard tokens.count == sequenceCount * (length + 1) else {
            throw .invalidBatch("\(tokens.count) tokens for B=\(sequenceCount) sequences of \(length + 1)")
        }
        if let weights {
            guard weights.count == sequenceCount * length else {
                throw .invalidBatch("\(weights.count) weights for B=\(sequenceCount) × T=\(length) positions")
            }
            guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw .invalidBatch("weights must be finite and non-negative")
            }
            guard weights.contains(where: { $0 > 0 }) else { throw .invalidBatch("every position has weight 0") }
        }
        self.sequenceCount = sequenceCount
        self.length = length
        self.tokens = tokens
        self.weights = weights
    }

    /// One row per sequence; all rows must have the same length.
    public init(sequences: [[Int]], weights: [[Float]]? = nil) throws(LSTMError) {
        guard let first = sequences.first else { throw .invalidBatch("no sequences") }
        guard sequences.allSatisfy({ $0.count == first.count }) else {
            throw .invalidBatch("sequences differ in length: \(Set(sequences.map(\.count)).sorted())")
        }
        try self.init(
            sequenceCount: sequences.count, length: first.count - 1, tokens: sequences.flatMap { $0 },
            weights: weights.map { $0.flatMap { $0 } })
    }

    func token(sequence: Int, position: Int) -> Int { tokens[sequence * (length + 1) + position] }

    func weight(sequence: Int, step: Int) -> Float { weights?[sequence * length + step] ?? 1 }

    var totalWeight: Double {
        guard let weights else { return Double(sequenceCount * length) }
        return weights.reduce(0) { $0 + Double($1) }
    }

    func validate(vocabularySize: Int) throws(LSTMError) {
        if let bad = tokens.first(where: { $0 < 0 || $0 >= vocabularySize }) {
            throw .tokenOutOfRange(token: bad, vocabularySize: vocabularySize)
        }
    }
}
