/// All weights of a model in one flat buffer, laid out by `ParameterLayout`.
public struct LSTMParameters: Sendable {
    public let config: LSTMConfig
    /// Every tensor back to back, in PyTorch `state_dict` order (see `namedTensors()`).
    public internal(set) var values: [Float]
    let layout: ParameterLayout

    /// PyTorch's default initialisation: embedding N(0, 1); every LSTM and head tensor
    /// uniform in ±1/√H.
    public init(config: LSTMConfig, rng: inout some RandomNumberGenerator) {
        self.config = config
        layout = ParameterLayout(config: config)
        var values = [Float](repeating: 0, count: layout.count)
        for index in layout.embedding { values[index] = rng.nextStandardNormal() }
        let bound = 1 / Float(config.hiddenSize).squareRoot()
        for index in layout.embedding.upperBound..<layout.count {
            values[index] = (2 * rng.nextUnitFloat() - 1) * bound
        }
        self.values = values
    }

    /// Wraps an existing flat buffer (for example a checkpoint) in `namedTensors()` order.
    public init(config: LSTMConfig, values: [Float]) throws(LSTMError) {
        let layout = ParameterLayout(config: config)
        guard values.count == layout.count else {
            throw .wrongValueCount(name: "parameters", expected: layout.count, found: values.count)
        }
        self.config = config
        self.layout = layout
        self.values = values
    }

    /// Builds parameters from tensors named as in PyTorch's `state_dict`, checking that each is
    /// present with the shape `config` implies and that nothing else is there.
    public init(config: LSTMConfig, named tensors: [String: (shape: [Int], values: [Float])]) throws(LSTMError) {
        let layout = ParameterLayout(config: config)
        var values = [Float](repeating: 0, count: layout.count)
        let expected = layout.tensors
        for tensor in expected {
            guard let found = tensors[tensor.name] else { throw .missingTensor(name: tensor.name) }
            guard found.shape == tensor.shape else {
                throw .wrongShape(name: tensor.name, expected: tensor.shape, found: found.shape)
            }
            guard found.values.count == tensor.range.count else {
                throw .wrongValueCount(name: tensor.name, expected: tensor.range.count, found: found.values.count)
            }
            values.replaceSubrange(tensor.range, with: found.values)
        }
        let known = Set(expected.map(\.name))
        if let extra = tensors.keys.sorted().first(where: { !known.contains($0) }) {
            throw .unexpectedTensor(name: extra)
        }
        self.config = config
        self.layout = layout
        self.values = values
    }

    /// Infers V, E, H and L from the tensor shapes (a model file stores no sizes of its own),
    /// then validates everything as `init(config:named:)` does.
    public init(named tensors: [String: (shape: [Int], values: [Float])]) throws(LSTMError) {
        let config = try Self.inferConfig(from: tensors.mapValues(\.shape))
        try self.init(config: config, named: tensors)
    }

    /// The configuration implied by a set of tensor shapes, or a typed error naming the mismatch.
    public static func inferConfig(from shapes: [String: [Int]]) throws(LSTMError) -> LSTMConfig {
        guard let embedding = shapes["embedding.weight"] else { throw .missingTensor(name: "embedding.weight") }
        guard embedding.count == 2 else {
            throw .inconsistentShapes("embedding.weight must be 2-D [V, E], found \(embedding)")
        }
        guard let recurrent = shapes["lstm.weight_hh_l0"] else { throw .missingTensor(name: "lstm.weight_hh_l0") }
        guard recurrent.count == 2, recurrent[0] == 4 * recurrent[1] else {
            throw .inconsistentShapes("lstm.weight_hh_l0 must be [4H, H], found \(recurrent)")
        }
        var layers = 0
        while shapes["lstm.weight_ih_l\(layers)"] != nil { layers += 1 }
        guard let head = shapes["head.weight"] else { throw .missingTensor(name: "head.weight") }
        guard head.count == 2, head[0] == embedding[0], head[1] == recurrent[1] else {
            throw .inconsistentShapes(
                "head.weight \(head) does not match vocabulary \(embedding[0]) and hidden size \(recurrent[1])")
        }
        return try LSTMConfig(
            vocabularySize: embedding[0], embeddingSize: embedding[1], hiddenSize: recurrent[1], layers: layers)
    }

    /// Every tensor with its PyTorch name and shape, in `state_dict` order.
    public func namedTensors() -> [(name: String, shape: [Int], values: ArraySlice<Float>)] {
        Self.namedTensors(of: values, layout: layout)
    }

    /// Names and shapes a flat buffer laid out like the parameters (for instance a gradient).
    public func namedTensors(
        of flat: [Float]
    ) throws(LSTMError) -> [(name: String, shape: [Int], values: ArraySlice<Float>)] {
        guard flat.count == layout.count else {
            throw .wrongValueCount(name: "gradient buffer", expected: layout.count, found: flat.count)
        }
        return Self.namedTensors(of: flat, layout: layout)
    }

    static func namedTensors(
        of flat: [Float], layout: ParameterLayout
    ) -> [(name: String, shape: [Int], values: ArraySlice<Float>)] {
        layout.tensors.map { ($0.name, $0.shape, flat[$0.range]) }
    }
}
