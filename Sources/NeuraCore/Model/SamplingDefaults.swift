import Foundation

/// The temperature and top-p a model samples at when the user sets neither: measured for the
/// model (`Scripts/sweep-sampling`) and kept in its training record as `samplingDefaults`,
/// or the caller's own where the model has none. A value the user gives always wins.
public struct SamplingDefaults: Codable, Hashable, Sendable {
    public var temperature: Float
    /// nil: no nucleus sampling.
    public var topP: Float?
    /// How the values were chosen, for whoever reads `neurascore models` later.
    public var note: String?

    public init(temperature: Float, topP: Float?, note: String? = nil) {
        self.temperature = temperature
        self.topP = topP
        self.note = note
    }

    /// The training record's key.
    public static let recordKey = "samplingDefaults"

    /// What `generate`, `harmonize` and `infill` sample at for a model without measured defaults.
    public static let commandLine = SamplingDefaults(temperature: 1, topP: nil)

    /// Refuses what the sampler would refuse, with the same limits.
    public func validate() throws(GenerationError) {
        var controls = GenerationControls()
        controls.temperature = temperature
        controls.topP = topP
        try controls.validate()
    }

    /// `controls` with these values in place of the ones the user did not choose.
    public func applied(
        to controls: GenerationControls, keepingTemperature: Bool, keepingTopP: Bool
    ) -> GenerationControls {
        var applied = controls
        if !keepingTemperature { applied.temperature = temperature }
        if !keepingTopP { applied.topP = topP }
        return applied
    }

    /// "temperature 0.9, top-p 0.95" (or "top-p off").
    public var summary: String {
        "temperature \(Self.decimal(temperature)), top-p " + (topP.map(Self.decimal) ?? "off")
    }

    private static func decimal(_ value: Float) -> String {
        String(format: "%.2f", Double(value))
    }

    private enum CodingKeys: String, CodingKey { case temperature, topP, note }

    /// `topP` is always written, null for off, so the JSON keeps one shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(temperature, forKey: .temperature)
        try container.encode(topP, forKey: .topP)
        try container.encodeIfPresent(note, forKey: .note)
    }
}

extension NeuraModel {
    /// The measured sampling defaults in the training record, checked against the sampler's limits.
    public func samplingDefaults() throws(ModelError) -> SamplingDefaults? {
        guard let defaults = try trainingRecordField(SamplingDefaults.recordKey, as: SamplingDefaults.self) else { return nil }
        do {
            try defaults.validate()
        } catch {
            throw .badTrainingRecord(file: url?.path ?? name, key: SamplingDefaults.recordKey, reason: error.description)
        }
        return defaults
    }

    /// Writes `defaults` (nil removes them) into the model file at `url`; nothing else changes.
    public static func recordSamplingDefaults(_ defaults: SamplingDefaults?, inModelAt url: URL) throws(ModelError) {
        var value: Any?
        if let defaults {
            do {
                try defaults.validate()
            } catch {
                throw .unwritable(file: url.path, reason: error.description)
            }
            value = try trainingRecordValue(defaults)
        }
        try updateTrainingRecord(at: url, setting: [SamplingDefaults.recordKey: value])
    }
}
