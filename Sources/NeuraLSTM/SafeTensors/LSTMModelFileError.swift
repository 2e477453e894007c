/// Why a safetensors file is not a usable NeuraScore LSTM model. Every message names the file.
public enum LSTMModelFileError: Error, CustomStringConvertible, Equatable, Sendable {
    case container(SafeTensorsError)
    case notAModel(file: String, format: String?)
    case unsupportedVersion(file: String, version: String?)
    case missingTensor(file: String, name: String)
    case unexpectedTensor(file: String, name: String)
    case wrongShape(file: String, name: String, expected: [Int], found: [Int])
    case inconsistentShapes(file: String, reason: String)
    case nonFiniteWeights(file: String, name: String, index: Int, value: Float)

    public var description: String {
        switch self {
        case .container(let error):
            return error.description
        case let .notAModel(file, format):
            let found = format.map { "\"\($0)\"" } ?? "no format"
            return "\(file): not a NeuraScore LSTM model (__metadata__ has \(found), expected \"\(LSTMModelFile.format)\")"
        case let .unsupportedVersion(file, version):
            let found = version.map { "\"\($0)\"" } ?? "no version"
            return "\(file): model file version \(found) is not supported (this build reads \"\(LSTMModelFile.version)\")"
        case let .missingTensor(file, name):
            return "\(file): the model is missing tensor \"\(name)\""
        case let .unexpectedTensor(file, name):
            return "\(file): unexpected tensor \"\(name)\" (not part of an Embedding → LSTM → Linear model)"
        case let .wrongShape(file, name, expected, found):
            return "\(file): tensor \"\(name)\" has shape \(found), expected \(expected)"
        case let .inconsistentShapes(file, reason):
            return "\(file): the model's shapes disagree: \(reason)"
        case let .nonFiniteWeights(file, name, index, value):
            return "\(file): tensor \"\(name)\" holds \(value) at element \(index); the model is corrupt or diverged"
        }
    }
}
