import NeuraMusic

/// How the model samples: what a musician sets before pressing `g`, and what
/// `neurascore generate` takes as options. The composer keeps one of these in its settings, so
/// the CLI and the composer speak the same values with the same limits.
public struct GenerationControls: Sendable, Hashable, Codable {
    public enum LoopGuard: String, Sendable, Hashable, CaseIterable, Codable {
        /// Do nothing about repeated bars.
        case off
        /// Say so in the result's warnings.
        case warn
        /// Say so, and raise that variation's temperature for what follows.
        case raiseTemperature = "raise"
    }

    /// Parallel fifths and octaves between voices that sing one note at a time.
    public enum Parallels: String, Sendable, Hashable, CaseIterable, Codable {
        /// A voice's note may not move in parallel fifths or octaves with another voice, as long
        /// as some other note is left to sing; where none is, the model's choice stands.
        case avoid
        /// The model's choice, parallels included.
        case allow
    }

    /// How a piece that ends at a set place (`--end-at-bar`, a harmonised melody) closes.
    public enum Cadence: String, Sendable, Hashable, CaseIterable, Codable {
        /// On the tonic chord with the tonic in the bass, every voice singing it, held to the end.
        case tonic
        /// Wherever the model's own sampling arrives.
        case free
    }

    public var temperature: Float = 1.0
    public var topK: Int?
    /// Nucleus sampling; nil samples from the whole distribution.
    public var topP: Float?
    /// 1 leaves the model alone; above 1 makes pitches of the last two bars less likely.
    public var repetitionPenalty: Float = 1.0
    public var rngSeed: UInt64 = 0
    /// Number of variations, sampled together as one batch.
    public var variations: Int = 1
    /// Variation k draws from stream k of `rngSeed` (see `ScoreGenerator.streamSeed`). A resample
    /// of the third variation sets this to 2, so it draws what that variation drew.
    public var firstVariation: Int = 0
    /// Only pitches of this scale may be sampled.
    public var scale: Scale?
    /// Only pitches in this range may be sampled (within the model's own range).
    public var pitchRange: ClosedRange<Int>?
    /// At most this many notes sound at once.
    public var maxPolyphony: Int?
    /// A STYLE token of a model trained on several styles; nil: the model's first, if any.
    public var style: String?
    public var loopGuard: LoopGuard = .warn
    /// nil means `.avoid`: sessions saved before this setting existed carry none.
    public var parallels: Parallels?

    /// nil means `.tonic`, for the same reason.
    public var cadence: Cadence?

    public var parallelsRule: Parallels { parallels ?? .avoid }
    public var cadenceRule: Cadence { cadence ?? .tonic }

    public init() {}

    public func validate() throws(GenerationError) {
        let temperatures = GenerationLimits.temperature
        guard temperature.isFinite, temperatures.contains(temperature) else {
            throw .invalidControl(
                "temperature must be \(GenerationLimits.describe(temperatures)) (got \(GenerationLimits.describe(temperature)))")
        }
        if let topP, !(topP > 0 && topP <= 1) { throw .invalidControl("top-p must be in (0, 1] (got \(topP))") }
        if let topK, topK < 1 { throw .invalidControl("top-k must be at least 1 (got \(topK))") }
        guard repetitionPenalty.isFinite, repetitionPenalty >= 1 else {
            throw .invalidControl("the repetition penalty must be at least 1 (got \(repetitionPenalty))")
        }
        guard GenerationLimits.variations.contains(variations) else {
            throw .invalidControl(
                "the number of variations must be \(GenerationLimits.describe(GenerationLimits.variations)) (got \(variations))")
        }
        guard firstVariation >= 0 else { throw .invalidControl("the first variation must be 0 or more (got \(firstVariation))") }
        if let maxPolyphony, maxPolyphony < 1 {
            throw .invalidControl("maximum polyphony must be at least 1 (got \(maxPolyphony))")
        }
        if let pitchRange, !(0...127).contains(pitchRange.lowerBound) || !(0...127).contains(pitchRange.upperBound) {
            throw .invalidControl("the pitch range must lie inside 0…127 (got \(pitchRange))")
        }
    }
}

/// The limits of every generation setting, one set for the CLI and the composer.
public enum GenerationLimits {
    public static let temperature: ClosedRange<Float> = 0.05...3
    public static let variations: ClosedRange<Int> = 1...16
    public static let bars: ClosedRange<Int> = 1...256

    /// "1…16", "0.05…3": how messages state a limit.
    public static func describe(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)…\(range.upperBound)" }
    public static func describe(_ range: ClosedRange<Float>) -> String {
        "\(describe(range.lowerBound))…\(describe(range.upperBound))"
    }
    public static func describe(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e6 ? String(Int(value)) : "\(value)"
    }
}

public enum GenerationError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidControl(String)
    case invalidRange(String)
    case seedOutOfRange(pitches: [Int], range: ClosedRange<Int>)
    case gridMismatch(seed: Int, model: Int)
    case unknownStyle(String, known: [String])
    case unencodableSeed(String)
    case engine(String)
    case cancelled

    public var description: String {
        switch self {
        case .invalidControl(let why): why
        case .invalidRange(let why): why
        case .seedOutOfRange(let pitches, let range):
            "the seed has notes outside the model's range \(PitchName.name(of: range.lowerBound))–"
                + "\(PitchName.name(of: range.upperBound)): "
                + pitches.prefix(8).map(PitchName.name(of:)).joined(separator: ", ")
                + (pitches.count > 8 ? " and \(pitches.count - 8) more" : "")
        case .gridMismatch(let seed, let model):
            "the seed is on a grid of \(seed) steps per quarter but the model uses \(model)"
        case .unknownStyle(let style, let known):
            known.isEmpty
                ? "the model has no style tokens, so style \(style) cannot be used"
                : "the model has no style \"\(style)\"; it knows \(known.joined(separator: ", "))"
        case .unencodableSeed(let why): "the seed cannot be encoded: \(why)"
        case .engine(let why): "the model failed while generating: \(why)"
        case .cancelled: "generation cancelled"
        }
    }
}
