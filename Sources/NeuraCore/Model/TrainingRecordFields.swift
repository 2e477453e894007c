import Foundation
import NeuraLSTM

extension NeuraModel {
    /// Sets top-level fields of the training record in the model file at `url`, a nil value
    /// removing its key, and keeps everything else: the other fields, the encoding and the
    /// weights byte for byte (F32, F16 or BF16, from NeuraScore or PyTorch). A file without a
    /// record gets one holding just these fields.
    public static func updateTrainingRecord(at url: URL, setting fields: [String: Any?]) throws(ModelError) {
        let model = try load(contentsOf: url)
        var record: [String: Any] = [:]
        if let text = model.trainingRecord {
            guard let object = model.trainingRecordFields else {
                throw .unwritable(file: url.path, reason: "its training record is not a JSON object, so no field can be added to it: \(text.prefix(80))")
            }
            record = object
        }
        for (key, value) in fields { record[key] = value }
        let json: Data
        do {
            json = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw .unwritable(file: url.path, reason: "the training record cannot be written as JSON: \(error)")
        }
        do {
            try LSTMModelFile.replaceTrainingRecord(String(decoding: json, as: UTF8.self), inFileAt: url)
        } catch {
            throw .unwritable(file: url.path, reason: error.description)
        }
    }

    /// A value as the training record holds it: the JSON object (or number, string…) it encodes to.
    public static func trainingRecordValue<Value: Encodable>(_ value: Value) throws(ModelError) -> Any {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try JSONSerialization.jsonObject(with: encoder.encode(value), options: [.fragmentsAllowed])
        } catch {
            throw .unwritable(file: "<training record>", reason: "cannot encode \(Value.self): \(error)")
        }
    }

    /// The field `key` of the training record read as `Value`; nil when the record has no such
    /// field, and an error naming the file and the field when it holds something else.
    public func trainingRecordField<Value: Decodable>(_ key: String, as type: Value.Type) throws(ModelError) -> Value? {
        guard let value = trainingRecordFields?[key], !(value is NSNull) else { return nil }
        do {
            let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
            return try JSONDecoder().decode(Value.self, from: data)
        } catch {
            throw .badTrainingRecord(file: url?.path ?? name, key: key, reason: Self.decodingReason(error))
        }
    }

    private static func decodingReason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: "\"\(key.stringValue)\" is missing"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            (context.codingPath.map(\.stringValue).joined(separator: ".") + " " + context.debugDescription)
                .trimmingCharacters(in: .whitespaces)
        default: "\(error)"
        }
    }
}
