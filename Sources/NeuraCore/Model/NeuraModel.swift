import Foundation
import NeuraLSTM
import NeuraMusic

/// A model ready to play: the engine's weights together with the token encoding they were
/// trained on. This is where a weight file meets music, so it is where a mismatch between the
/// two is caught.
public struct NeuraModel: Sendable {
    public let name: String
    public let url: URL?
    public let parameters: LSTMParameters
    public let encoding: EncodingConfig
    /// The training record (corpus, hyperparameters, validation NLL) as JSON, if the file has one.
    public let trainingRecord: String?

    public init(name: String, url: URL?, parameters: LSTMParameters, encoding: EncodingConfig, trainingRecord: String?)
        throws(ModelError)
    {
        let source = url?.path ?? name
        guard parameters.config.vocabularySize == encoding.vocabularySize else {
            throw .vocabularyMismatch(
                file: source, modelVocabulary: parameters.config.vocabularySize,
                encodingVocabulary: encoding.vocabularySize)
        }
        self.name = name
        self.url = url
        self.parameters = parameters
        self.encoding = encoding
        self.trainingRecord = trainingRecord
    }

    /// The training record's top-level fields; nil when there is no record or it is not a JSON object.
    public var trainingRecordFields: [String: Any]? {
        trainingRecord.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    public static func load(contentsOf url: URL) throws(ModelError) -> NeuraModel {
        let file: LSTMModelFile
        do {
            file = try LSTMModelFile.read(contentsOf: url)
        } catch {
            throw .unreadable(file: url.path, reason: error.description)
        }
        guard let encodingJSON = file.encoding else { throw .missingEncoding(file: url.path) }
        let encoding: EncodingConfig
        do {
            encoding = try JSONDecoder().decode(EncodingConfig.self, from: Data(encodingJSON.utf8))
        } catch {
            throw .badEncoding(file: url.path, reason: "\(error)")
        }
        let parameters: LSTMParameters
        do {
            parameters = try LSTMParameters(
                config: file.config, named: file.tensors.mapValues { (shape: $0.shape, values: $0.values) })
        } catch {
            throw .unreadable(file: url.path, reason: error.description)
        }
        return try NeuraModel(
            name: url.deletingPathExtension().lastPathComponent, url: url, parameters: parameters,
            encoding: encoding, trainingRecord: file.training)
    }

    /// Writes weights and encoding (and the training record) as one safetensors model file.
    public func write(to url: URL, halfPrecision: Bool = false) throws(ModelError) {
        let tensors = Dictionary(
            uniqueKeysWithValues: parameters.namedTensors().map {
                ($0.name, HostTensor(shape: $0.shape, values: Array($0.values)))
            })
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let encodingJSON = String(decoding: try encoder.encode(encoding), as: UTF8.self)
            let file = try LSTMModelFile(tensors: tensors, encoding: encodingJSON, training: trainingRecord, source: url.path)
            try file.write(to: url, dtype: halfPrecision ? .f16 : .f32)
        } catch let error as LSTMModelFileError {
            throw .unwritable(file: url.path, reason: error.description)
        } catch {
            throw .unwritable(file: url.path, reason: "\(error)")
        }
    }

    /// Refuses tokens written with another encoding: a model reads only the vocabulary it was trained on.
    public func checkCompatible(with other: EncodingConfig, source: String) throws(ModelError) {
        guard other.vocabulary == encoding.vocabulary, other.stepsPerQuarter == encoding.stepsPerQuarter else {
            throw .encodingMismatch(model: name, source: source, detail: EncodingDifference.describe(encoding, other))
        }
    }
}

enum EncodingDifference {
    static func describe(_ model: EncodingConfig, _ other: EncodingConfig) -> String {
        var parts: [String] = []
        if model.stepsPerQuarter != other.stepsPerQuarter {
            parts.append("grid \(other.stepsPerQuarter) steps per quarter, the model uses \(model.stepsPerQuarter)")
        }
        if model.pitchRange != other.pitchRange {
            parts.append("pitches \(other.lowestPitch)…\(other.highestPitch), the model uses \(model.lowestPitch)…\(model.highestPitch)")
        }
        if model.vocabularySize != other.vocabularySize {
            parts.append("\(other.vocabularySize) tokens, the model has \(model.vocabularySize)")
        }
        if parts.isEmpty { parts.append("the vocabularies differ") }
        return parts.joined(separator: "; ")
    }
}

public enum ModelError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case unwritable(file: String, reason: String)
    case missingEncoding(file: String)
    case badEncoding(file: String, reason: String)
    case vocabularyMismatch(file: String, modelVocabulary: Int, encodingVocabulary: Int)
    case encodingMismatch(model: String, source: String, detail: String)
    /// A field of the training record that NeuraScore reads (`samplingDefaults`, `referenceFigures`) is malformed.
    case badTrainingRecord(file: String, key: String, reason: String)
    case notFound(name: String, searched: [String], installed: [String] = [])
    /// A style that is neither an installed model nor a STYLE token of the model in use.
    case unknownStyle(String, model: String?, modelStyles: [String], installed: [String])

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot load the model: \(reason)"
        case .unwritable(let file, let reason): "\(file): cannot write the model: \(reason)"
        case .missingEncoding(let file):
            "\(file): the model has no \"encoding\" metadata, so NeuraScore cannot tell which tokens it speaks"
        case .badEncoding(let file, let reason): "\(file): the model's \"encoding\" metadata is invalid: \(reason)"
        case .vocabularyMismatch(let file, let modelVocabulary, let encodingVocabulary):
            "\(file): the weights have \(modelVocabulary) tokens but the encoding lists \(encodingVocabulary)"
        case .encodingMismatch(let model, let source, let detail):
            "\(source) was encoded differently from model \(model): \(detail)"
        case .badTrainingRecord(let file, let key, let reason):
            "\(file): the training record's \"\(key)\" is invalid: \(reason)"
        case .notFound(let name, let searched, let installed):
            "no model named \"\(name)\""
                + (installed.isEmpty ? "" : "; the installed models are \(installed.joined(separator: ", "))")
                + "; looked in: \(searched.joined(separator: ", ")). "
                + "Pass a .safetensors path with --model, or run `neurascore models` to list what is installed"
        case .unknownStyle(let style, let model, let modelStyles, let installed):
            if let model {
                modelStyles.isEmpty
                    ? "model \(model) has no style \"\(style)\": it was trained on one style. A style is a model of "
                        + "its own (--model or :model): \(installed.joined(separator: ", "))"
                    : "model \(model) has no style \"\(style)\"; its styles are \(modelStyles.joined(separator: ", "))"
            } else {
                "unknown style \"\(style)\"; the styles are the installed models \(installed.joined(separator: ", "))"
                    + (modelStyles.isEmpty ? "" : " and the default model's styles \(modelStyles.joined(separator: ", "))")
            }
        }
    }
}
