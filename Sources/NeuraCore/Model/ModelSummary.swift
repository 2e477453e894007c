import Foundation
import NeuraMusic

/// What `neurascore models` says about one model: where it is, its shape, its encoding and
/// the test NLL its training record reports.
public struct ModelSummary: Sendable, Codable, Hashable {
    public var name: String
    public var path: String
    public var origin: String
    public var fileBytes: Int
    public var parameterCount: Int
    public var vocabularySize: Int
    public var embeddingSize: Int
    public var hiddenSize: Int
    public var layers: Int
    public var stepsPerQuarter: Int
    public var lowestPitch: Int
    public var highestPitch: Int
    public var styles: [String]
    /// The parts of a part-aware model, top voice first, with their programs; empty for one voice.
    public var parts: [PartRole]
    /// Steps ahead that a model trained with controls hears given music; 0 without controls.
    public var anticipation: Int
    public var testNLL: Double?
    public var validationNLL: Double?
    /// The measured temperature and top-p that `generate` and the composer start from.
    public var samplingDefaults: SamplingDefaults?
    /// Which corpus the reference figures come from, if the file has them.
    public var referenceFigures: Reference?
    public var error: String?

    /// The reference figures in brief: their name, the corpus measured and how many pieces.
    public struct Reference: Sendable, Codable, Hashable {
        public var label: String
        public var corpus: [String]
        public var pieceCount: Int
    }

    public init(entry: ModelLocator.Entry) {
        name = entry.name
        path = entry.url.path
        origin = entry.origin
        fileBytes = ((try? FileManager.default.attributesOfItem(atPath: entry.url.path))?[.size] as? Int) ?? 0
        (parameterCount, vocabularySize, embeddingSize, hiddenSize, layers) = (0, 0, 0, 0, 0)
        (stepsPerQuarter, lowestPitch, highestPitch, styles, parts, anticipation) = (0, 0, 0, [], [], 0)
        do {
            let model = try NeuraModel.load(contentsOf: entry.url)
            let config = model.parameters.config
            parameterCount = config.parameterCount
            vocabularySize = config.vocabularySize
            embeddingSize = config.embeddingSize
            hiddenSize = config.hiddenSize
            layers = config.layers
            stepsPerQuarter = model.encoding.stepsPerQuarter
            lowestPitch = model.encoding.lowestPitch
            highestPitch = model.encoding.highestPitch
            styles = model.encoding.styles
            parts = model.encoding.parts
            anticipation = model.encoding.anticipation
            let record = model.trainingRecordFields
            testNLL = Self.number(record?["testNLL"])
            validationNLL = Self.number(record?["validationNLL"])
            samplingDefaults = try model.samplingDefaults()
            referenceFigures = try model.referenceFigures().map {
                Reference(label: $0.label, corpus: $0.corpus, pieceCount: $0.summary.pieceCount)
            }
        } catch {
            self.error = error.description
        }
    }

    private static func number(_ value: Any?) -> Double? {
        (value as? NSNumber)?.doubleValue
    }

    public var textLine: String {
        if let error { return "\(name)  [\(origin)]  \(path)\n    unusable: \(error)" }
        let size = String(format: "%.1f MB", Double(fileBytes) / 1_000_000)
        let range = "\(PitchName.name(of: lowestPitch))–\(PitchName.name(of: highestPitch))"
        var line = "\(name)  [\(origin)]  \(path)\n"
        line += "    LSTM \(layers)×\(hiddenSize) (embed \(embeddingSize)), \(parameterCount) parameters, \(size)\n"
        line += "    encoding: \(vocabularySize) tokens, \(stepsPerQuarter) steps per quarter, pitches \(range)"
        if !styles.isEmpty { line += ", styles \(styles.joined(separator: ", "))" }
        line += parts.isEmpty ? "\n    one voice" : "\n    parts: " + parts.map { "\($0.name) (\(GeneralMIDI.programName($0.program)))" }.joined(separator: ", ")
        line += anticipation > 0 ? "; controls \(anticipation) steps ahead (harmonize, infill, --end-at-bar)" : "; no controls"
        if let testNLL { line += String(format: "\n    test NLL %.3f nats/token", testNLL) }
        if let validationNLL { line += String(format: "\n    validation NLL %.3f nats/token", validationNLL) }
        if let samplingDefaults {
            line += "\n    sampling defaults: \(samplingDefaults.summary)" + (samplingDefaults.note.map { " (\($0))" } ?? "")
        } else {
            line += "\n    sampling defaults: none measured"
        }
        if let referenceFigures {
            line += "\n    reference figures: \(referenceFigures.label), \(referenceFigures.pieceCount) pieces"
        } else {
            line += "\n    reference figures: none (add them with `neurascore metrics CORPUS --record \(name)`)"
        }
        return line
    }
}
