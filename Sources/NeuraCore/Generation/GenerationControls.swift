import NeuraMusic

/// What a musician sets before pressing `g` (or passes to `neurascore generate`).
public struct GenerationControls: Sendable, Hashable {
    public enum LoopGuard: String, Sendable, Hashable, CaseIterable {
        /// Do nothing about repeated bars.
        case off
        /// Say so in the result's warnings.
        case warn
        /// Say so, and raise that variation's temperature for what follows.
        case raiseTemperature = "raise"
    }

    public var temperature: Float = 1.0
    public var topK: Int?
    public var topP: Float?
    /// 1 leaves the model alone; above 1 makes pitches of the last two bars less likely.
    public var repetitionPenalty: Float = 1.0
    /// How much music to add after the seed, in bars of the seed's meter.
    public var bars: Int = 4
    /// An exact length in grid steps, overriding `bars` (the composer asks for ranges).
    public var steps: Int?
    public var rngSeed: UInt64 = 0
    /// Number of variations, sampled together as one batch.
    public var variations: Int = 1
    /// Only pitches of this scale may be sampled.
    public var scale: Scale?
    /// Only pitches in this range may be sampled (within the model's own range).
    public var pitchRange: ClosedRange<Int>?
    /// At most this many notes sound at once.
    public var maxPolyphony: Int?
    public var style: String?
    public var loopGuard: LoopGuard = .warn

    public init() {}

    public static let maximumBars = 256
    public static let maximumVariations = 64

    public func validate() throws(GenerationError) {
        guard temperature.isFinite, temperature > 0 else {
            throw .invalidControl("temperature must be greater than 0 (got \(temperature))")
        }
        guard temperature <= 10 else { throw .invalidControl("temperature \(temperature) is above the maximum of 10") }
        if let topP, !(topP > 0 && topP <= 1) { throw .invalidControl("top-p must be in (0, 1] (got \(topP))") }
        if let topK, topK < 1 { throw .invalidControl("top-k must be at least 1 (got \(topK))") }
        guard repetitionPenalty.isFinite, repetitionPenalty >= 1 else {
            throw .invalidControl("the repetition penalty must be at least 1 (got \(repetitionPenalty))")
        }
        guard (1...Self.maximumBars).contains(bars) else {
            throw .invalidControl("length must be 1…\(Self.maximumBars) bars (got \(bars))")
        }
        if let steps, !(1...(Self.maximumBars * 64)).contains(steps) {
            throw .invalidControl("length must be 1…\(Self.maximumBars * 64) steps (got \(steps))")
        }
        guard (1...Self.maximumVariations).contains(variations) else {
            throw .invalidControl("the number of outputs must be 1…\(Self.maximumVariations) (got \(variations))")
        }
        if let maxPolyphony, maxPolyphony < 1 {
            throw .invalidControl("maximum polyphony must be at least 1 (got \(maxPolyphony))")
        }
    }
}

public enum GenerationError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidControl(String)
    case seedOutOfRange(pitches: [Int], range: ClosedRange<Int>)
    case gridMismatch(seed: Int, model: Int)
    case unknownStyle(String, known: [String])
    case unencodableSeed(String)
    case engine(String)
    case cancelled

    public var description: String {
        switch self {
        case .invalidControl(let why): why
        case .seedOutOfRange(let pitches, let range):
            "the seed has notes outside the model's range \(PitchName.name(of: range.lowerBound))–"
                + "\(PitchName.name(of: range.upperBound)): "
                + pitches.prefix(8).map(PitchName.name(of:)).joined(separator: ", ")
                + (pitches.count > 8 ? " and \(pitches.count - 8) more" : "")
        case .gridMismatch(let seed, let model):
            "the seed is on a grid of \(seed) steps per quarter but the model uses \(model)"
        case .unknownStyle(let style, let known):
            known.isEmpty
                ? "the model has no styles, so --style \(style) cannot be used"
                : "the model has no style \"\(style)\"; it knows \(known.joined(separator: ", "))"
        case .unencodableSeed(let why): "the seed cannot be encoded: \(why)"
        case .engine(let why): "the model failed while generating: \(why)"
        case .cancelled: "generation cancelled"
        }
    }
}
