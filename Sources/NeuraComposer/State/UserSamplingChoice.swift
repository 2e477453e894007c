import NeuraCore

/// Which sampling settings the user set (`[` `]`, `:temp`, `:topp`). Those keep their values
/// through every change of model; the others follow the model's measured defaults, or the
/// composer's own where the model has none.
public struct UserSamplingChoice: Hashable, Sendable, Codable {
    public var temperature = false
    public var topP = false

    public init(temperature: Bool = false, topP: Bool = false) {
        self.temperature = temperature
        self.topP = topP
    }

    /// For a session saved before the composer kept this: a value other than the composer's own
    /// default can only have come from the user.
    init(guessingFrom controls: GenerationControls) {
        temperature = controls.temperature != SamplingDefaults.composer.temperature
        topP = controls.topP != SamplingDefaults.composer.topP
    }
}

extension SamplingDefaults {
    /// What the composer samples at for a model without measured defaults.
    public static let composer = SamplingDefaults(temperature: 1, topP: 0.95)
}
