/// How to turn logits into a token. Applied in this order: additive bias (masks, repetition
/// penalties), temperature, softmax, top-k, top-p; then a draw from what is left.
public struct SamplingSettings: Sendable, Hashable {
    /// Divides the logits; must be positive. Lower is more conservative.
    public var temperature: Float
    /// Keep only the k most likely tokens; nil or 0 keeps all.
    public var topK: Int?
    /// Keep the smallest set of most likely tokens whose mass reaches p (nucleus); nil or 1 keeps all.
    public var topP: Float?

    public init(temperature: Float = 1, topK: Int? = nil, topP: Float? = nil) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
    }

    func validate() throws(LSTMError) {
        guard temperature.isFinite, temperature > 0 else {
            throw .invalidSamplingSettings("temperature must be positive, got \(temperature)")
        }
        if let topK, topK < 0 { throw .invalidSamplingSettings("top-k must be ≥ 0, got \(topK)") }
        if let topP, !(topP > 0 && topP <= 1) { throw .invalidSamplingSettings("top-p must be in (0, 1], got \(topP)") }
    }
}

/// A token with its probability, for showing the model's alternatives.
public struct TokenProbability: Sendable, Hashable {
    public var token: Int
    public var probability: Float
}

/// Sampling primitives over one row of logits. Nothing here knows what a token means; callers
/// pass allowed tokens and penalties as an additive bias (−∞ forbids a token).
public enum Sampling {
    /// softmax(logits / temperature), computed stably. Entries at −∞ get probability 0.
    public static func probabilities(logits: [Float], temperature: Float = 1) -> [Float] {
        guard let maximum = logits.max(), maximum > -.infinity else {
            return [Float](repeating: logits.isEmpty ? 0 : 1 / Float(logits.count), count: logits.count)
        }
        var result = logits.map { Elementary.exp(($0 - maximum) / temperature) }
        let sum = result.reduce(0, +)
        for index in result.indices { result[index] /= sum }
        return result
    }

    /// Keeps the k largest probabilities (ties broken by lower token) and renormalises.
    public static func applyTopK(_ probabilities: inout [Float], k: Int) {
        guard k > 0, k < probabilities.count else { return }
        let keep = Set(rankedTokens(probabilities).prefix(k))
        for index in probabilities.indices where !keep.contains(index) { probabilities[index] = 0 }
        renormalise(&probabilities)
    }

    /// Keeps the most likely tokens until their mass reaches p (always at least one), renormalises.
    public static func applyTopP(_ probabilities: inout [Float], p: Float) {
        guard p < 1 else { return }
        var mass: Float = 0
        var keep = Set<Int>()
        for token in rankedTokens(probabilities) {
            keep.insert(token)
            mass += probabilities[token]
            if mass >= p { break }
        }
        for index in probabilities.indices where !keep.contains(index) { probabilities[index] = 0 }
        renormalise(&probabilities)
    }

    /// The distribution `settings` describe, after the additive `bias` (same length as logits).
    public static func distribution(
        logits: [Float], settings: SamplingSettings, bias: [Float]? = nil
    ) throws(LSTMError) -> [Float] {
        try settings.validate()
        var adjusted = logits
        if let bias {
            guard bias.count == logits.count else {
                throw .invalidSamplingSettings("bias has \(bias.count) entries for \(logits.count) logits")
            }
            for index in adjusted.indices { adjusted[index] += bias[index] }
        }
        guard adjusted.contains(where: { $0 > -.infinity }) else {
            throw .invalidSamplingSettings("the bias forbids every token")
        }
        var result = probabilities(logits: adjusted, temperature: settings.temperature)
        if let k = settings.topK { applyTopK(&result, k: k) }
        if let p = settings.topP { applyTopP(&result, p: p) }
        return result
    }

    /// Draws a token: bias, temperature, top-k and top-p as `settings` say, then multinomial.
    public static func sample(
        logits: [Float], settings: SamplingSettings, bias: [Float]? = nil, rng: inout some RandomNumberGenerator
    ) throws(LSTMError) -> Int {
        draw(from: try distribution(logits: logits, settings: settings, bias: bias), rng: &rng)
    }

    /// Multinomial draw from probabilities that sum to 1 (up to rounding).
    public static func draw(from probabilities: [Float], rng: inout some RandomNumberGenerator) -> Int {
        let threshold = rng.nextUnitFloat()
        var cumulative: Float = 0
        var lastPossible = 0
        for (token, probability) in probabilities.enumerated() where probability > 0 {
            cumulative += probability
            lastPossible = token
            if threshold < cumulative { return token }
        }
        return lastPossible  // rounding left the total just under the threshold
    }

    /// The most likely token (the lowest index among ties).
    public static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }

    /// log p(token) under the softmax of `logits` at temperature 1, nothing masked: how likely
    /// the model itself finds the token.
    public static func logProbability(of token: Int, logits: [Float]) -> Float {
        let largest = logits.max() ?? 0
        var sum: Float = 0
        for logit in logits { sum += Elementary.exp(logit - largest) }
        return logits[token] - largest - Elementary.log(sum)
    }

    /// Shannon entropy in nats.
    public static func entropy(_ probabilities: [Float]) -> Float {
        var sum: Double = 0
        for p in probabilities where p > 0 { sum -= Double(p) * Elementary.log(Double(p)) }
        return Float(sum)
    }

    /// The `count` most likely tokens with their probabilities, most likely first.
    public static func topAlternatives(_ probabilities: [Float], count: Int) -> [TokenProbability] {
        rankedTokens(probabilities).prefix(max(0, count)).map {
            TokenProbability(token: $0, probability: probabilities[$0])
        }
    }

    private static func rankedTokens(_ probabilities: [Float]) -> [Int] {
        probabilities.indices.sorted {
            probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : $0 < $1
        }
    }

    private static func renormalise(_ probabilities: inout [Float]) {
        let sum = probabilities.reduce(0, +)
        guard sum > 0 else { return }
        for index in probabilities.indices { probabilities[index] /= sum }
    }
}
