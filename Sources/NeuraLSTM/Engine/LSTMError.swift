/// Everything the engine can refuse. Messages name the tensor, file or value at fault.
public enum LSTMError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidConfig(String)
    case missingTensor(name: String)
    case unexpectedTensor(name: String)
    case wrongShape(name: String, expected: [Int], found: [Int])
    case wrongValueCount(name: String, expected: Int, found: Int)
    case inconsistentShapes(String)
    case tokenOutOfRange(token: Int, vocabularySize: Int)
    case invalidBatch(String)
    case invalidStream(index: Int, streamCount: Int)
    case nonFiniteLoss(step: Int, loss: Float)
    case nonFiniteGradient(step: Int, tensor: String)
    case invalidSamplingSettings(String)

    public var description: String {
        switch self {
        case .invalidConfig(let why): "invalid LSTM configuration: \(why)"
        case .missingTensor(let name): "model is missing tensor '\(name)'"
        case .unexpectedTensor(let name): "model has an unexpected tensor '\(name)'"
        case .wrongShape(let name, let expected, let found):
            "tensor '\(name)' has shape \(found), expected \(expected)"
        case .wrongValueCount(let name, let expected, let found):
            "tensor '\(name)' holds \(found) values, its shape needs \(expected)"
        case .inconsistentShapes(let why): "model tensors disagree: \(why)"
        case .tokenOutOfRange(let token, let vocabularySize):
            "token \(token) is outside the vocabulary 0..<\(vocabularySize)"
        case .invalidBatch(let why): "invalid batch: \(why)"
        case .invalidStream(let index, let streamCount):
            "stream \(index) does not exist (session has \(streamCount) streams)"
        case .nonFiniteLoss(let step, let loss): "training step \(step): loss is \(loss); parameters left unchanged"
        case .nonFiniteGradient(let step, let tensor):
            "training step \(step): gradient of '\(tensor)' is not finite; parameters left unchanged"
        case .invalidSamplingSettings(let why): "invalid sampling settings: \(why)"
        }
    }
}
