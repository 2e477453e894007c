/// Learning rate by step: a linear warm-up to `peak`, then an optional decay to `floor`.
public struct LearningRateSchedule: Sendable, Hashable {
    public enum Decay: String, Sendable, Hashable, CaseIterable {
        case constant, linear, cosine
    }

    public var peak: Float
    public var warmupSteps: Int
    public var decay: Decay
    /// The step at which decay reaches `floor`; later steps stay at `floor`.
    public var totalSteps: Int
    public var floor: Float

    public init(peak: Float, warmupSteps: Int = 0, decay: Decay = .constant, totalSteps: Int = 0, floor: Float = 0) {
        self.peak = peak
        self.warmupSteps = max(0, warmupSteps)
        self.decay = decay
        self.totalSteps = totalSteps
        self.floor = floor
    }

    public static func constant(_ rate: Float) -> LearningRateSchedule { LearningRateSchedule(peak: rate) }

    /// The rate for the update with 0-based index `step`.
    public func rate(atStep step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        let decaySteps = totalSteps - warmupSteps
        guard decay != .constant, decaySteps > 0 else { return peak }
        let progress = min(1, Double(step - warmupSteps) / Double(decaySteps))
        switch decay {
        case .constant: return peak
        case .linear: return peak + (floor - peak) * Float(progress)
        case .cosine: return floor + (peak - floor) * Float(0.5 * (1 + Elementary.cos(Double.pi * progress)))
        }
    }
}
