import Foundation

/// A NeuraScore model as stored on disk: exactly the PyTorch `state_dict` of
/// `Embedding(V, E) → LSTM(E, H, L, batch_first=True) → Linear(H, V)` (`embedding.weight`,
/// `lstm.weight_ih_l{k}`, `lstm.weight_hh_l{k}`, `lstm.bias_ih_l{k}`, `lstm.bias_hh_l{k}` in
/// PyTorch's gate order i, f, g, o, `head.weight`, `head.bias`; F32, F16 or BF16), plus the
/// string metadata `format`, `version`, `encoding` and `training`.
///
/// Loading checks everything a corrupt or foreign file could get wrong, so that the engine can
/// trust the shapes and values it is handed. The encoding and training records are opaque JSON
/// strings here: the engine knows nothing of music.
public struct LSTMModelFile: Sendable {
    public static let format = "neurascore-lstm"
    public static let version = "1"

    public var config: LSTMConfig
    /// Exactly the tensors of `expectedShapes(for: config)`, keyed by their PyTorch names.
    public private(set) var tensors: [String: HostTensor]
    /// The token encoding as a JSON string (NeuraCore's business).
    public var encoding: String?
    /// Corpus, hyperparameters, steps and validation NLL as a JSON string.
    public var training: String?

    /// Builds a model file from tensors, checking names, shapes and values as `read` does.
    public init(
        tensors: [String: HostTensor], encoding: String?, training: String?, source: String = "<memory>"
    ) throws(LSTMModelFileError) {
        self.config = try Self.inferConfig(from: tensors, source: source)
        try Self.checkTensors(tensors, config: config, source: source)
        self.tensors = tensors
        self.encoding = encoding
        self.training = training
    }

    /// Validates a parsed safetensors file as a model; `source` names it in errors.
    public init(validating file: SafeTensorsFile, source: String) throws(LSTMModelFileError) {
        let format = file.metadata["format"]
        guard format == Self.format else { throw .notAModel(file: source, format: format) }
        let version = file.metadata["version"]
        guard version == Self.version else { throw .unsupportedVersion(file: source, version: version) }
        try self.init(
            tensors: file.tensors, encoding: file.metadata["encoding"], training: file.metadata["training"],
            source: source)
    }

    public static func read(contentsOf url: URL) throws(LSTMModelFileError) -> LSTMModelFile {
        let file: SafeTensorsFile
        do {
            file = try SafeTensors.read(contentsOf: url)
        } catch {
            throw .container(error)
        }
        return try LSTMModelFile(validating: file, source: url.path)
    }

    /// Writes the model atomically; F16 halves the size at a precision cost far below sampling noise.
    public func write(to url: URL, dtype: SafeTensors.StorageType = .f32) throws(LSTMModelFileError) {
        do {
            try SafeTensors.write(safeTensorsFile, dtype: dtype, to: url)
        } catch {
            throw .container(error)
        }
    }

    /// Replaces the training record of the model file at `url`. The weights, the encoding and
    /// any other metadata stay byte for byte as they were, whatever the dtype or whoever wrote it.
    public static func replaceTrainingRecord(_ training: String, inFileAt url: URL) throws(LSTMModelFileError) {
        _ = try read(contentsOf: url)
        do {
            try SafeTensors.updateMetadata(inFileAt: url) { $0["training"] = training }
        } catch {
            throw .container(error)
        }
    }

    public var safeTensorsFile: SafeTensorsFile {
        var metadata = ["format": Self.format, "version": Self.version]
        metadata["encoding"] = encoding
        metadata["training"] = training
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    /// The PyTorch names and shapes of every tensor of a model with this configuration.
    public static func expectedShapes(for config: LSTMConfig) -> [String: [Int]] {
        let gates = 4 * config.hiddenSize
        var shapes: [String: [Int]] = [
            "embedding.weight": [config.vocabularySize, config.embeddingSize],
            "head.weight": [config.vocabularySize, config.hiddenSize],
            "head.bias": [config.vocabularySize],
        ]
        for layer in 0..<config.layers {
            shapes["lstm.weight_ih_l\(layer)"] = [gates, config.inputSize(ofLayer: layer)]
            shapes["lstm.weight_hh_l\(layer)"] = [gates, config.hiddenSize]
            shapes["lstm.bias_ih_l\(layer)"] = [gates]
            shapes["lstm.bias_hh_l\(layer)"] = [gates]
        }
        return shapes
    }

    /// V and E come from the embedding, H from the first recurrent matrix, L from how many
    /// consecutive layers have one; `checkTensors` then verifies every tensor against them.
    private static func inferConfig(
        from tensors: [String: HostTensor], source: String
    ) throws(LSTMModelFileError) -> LSTMConfig {
        guard let embedding = tensors["embedding.weight"] else {
            throw .missingTensor(file: source, name: "embedding.weight")
        }
        guard embedding.shape.count == 2 else {
            throw .inconsistentShapes(file: source, reason: "embedding.weight must be [V, E], found \(embedding.shape)")
        }
        guard let recurrent = tensors["lstm.weight_hh_l0"] else {
            throw .missingTensor(file: source, name: "lstm.weight_hh_l0")
        }
        guard recurrent.shape.count == 2, recurrent.shape[0] == 4 * recurrent.shape[1] else {
            throw .inconsistentShapes(file: source, reason: "lstm.weight_hh_l0 must be [4H, H], found \(recurrent.shape)")
        }
        var layers = 0
        while tensors["lstm.weight_hh_l\(layers)"] != nil || tensors["lstm.weight_ih_l\(layers)"] != nil {
            layers += 1
        }
        do {
            return try LSTMConfig(
                vocabularySize: embedding.shape[0], embeddingSize: embedding.shape[1],
                hiddenSize: recurrent.shape[1], layers: layers)
        } catch {
            throw .inconsistentShapes(file: source, reason: error.description)
        }
    }

    private static func checkTensors(
        _ tensors: [String: HostTensor], config: LSTMConfig, source: String
    ) throws(LSTMModelFileError) {
        let expected = expectedShapes(for: config)
        for name in expected.keys.sorted() {
            guard let tensor = tensors[name] else { throw .missingTensor(file: source, name: name) }
            guard tensor.shape == expected[name] else {
                throw .wrongShape(file: source, name: name, expected: expected[name]!, found: tensor.shape)
            }
            guard tensor.values.count == tensor.elementCount else {
                throw .inconsistentShapes(
                    file: source, reason: "\(name) holds \(tensor.values.count) values for shape \(tensor.shape)")
            }
        }
        if let extra = tensors.keys.sorted().first(where: { expected[$0] == nil }) {
            throw .unexpectedTensor(file: source, name: extra)
        }
        for name in expected.keys.sorted() {
            if let index = tensors[name]!.values.firstIndex(where: { !$0.isFinite }) {
                throw .nonFiniteWeights(file: source, name: name, index: index, value: tensors[name]!.values[index])
            }
        }
    }
}
