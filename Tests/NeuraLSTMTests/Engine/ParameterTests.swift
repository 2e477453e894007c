import Testing
@testable import NeuraLSTM

@Suite struct ParameterTests {
    static let config = try! LSTMConfig(vocabularySize: 9, embeddingSize: 4, hiddenSize: 5, layers: 2)

    @Test func namesShapesAndOrderFollowPyTorch() {
        var rng = SplitMix64(seed: 1)
        let parameters = LSTMParameters(config: Self.config, rng: &rng)
        let tensors = parameters.namedTensors()
        #expect(tensors.map(\.name) == [
            "embedding.weight",
            "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
            "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1",
            "head.weight", "head.bias",
        ])
        #expect(tensors.map(\.shape) == [[9, 4], [20, 4], [20, 5], [20], [20], [20, 5], [20, 5], [20], [20], [9, 5], [9]])
        #expect(tensors.map(\.values.count).reduce(0, +) == parameters.values.count)
        #expect(Self.config.parameterCount == parameters.values.count)
    }

    @Test func initialisationFollowsPyTorch() throws {
        let config = try LSTMConfig(vocabularySize: 64, embeddingSize: 32, hiddenSize: 16, layers: 1)
        var rng = SplitMix64(seed: 2)
        let parameters = LSTMParameters(config: config, rng: &rng)
        let bound: Float = 0.25  // 1/√16
        for tensor in parameters.namedTensors() where tensor.name != "embedding.weight" {
            #expect(tensor.values.allSatisfy { abs($0) <= bound }, "\(tensor.name)")
            #expect(tensor.values.contains { abs($0) > 0.8 * bound }, "\(tensor.name) should span its range")
        }
        let embedding = parameters.namedTensors()[0].values
        let mean = embedding.reduce(0, +) / Float(embedding.count)
        let variance = embedding.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(embedding.count)
        #expect(abs(mean) < 0.1 && abs(variance - 1) < 0.15)
        var again = SplitMix64(seed: 2)
        #expect(LSTMParameters(config: config, rng: &again).values == parameters.values)
    }

    @Test func roundTripsThroughNamedTensors() throws {
        var rng = SplitMix64(seed: 3)
        let parameters = LSTMParameters(config: Self.config, rng: &rng)
        let named = Dictionary(uniqueKeysWithValues: parameters.namedTensors().map { ($0.name, ($0.shape, Array($0.values))) })
        #expect(try LSTMParameters(config: Self.config, named: named).values == parameters.values)
        let inferred = try LSTMParameters(named: named)
        #expect(inferred.config == Self.config && inferred.values == parameters.values)
    }

    @Test func validationNamesTheBadTensor() throws {
        var rng = SplitMix64(seed: 4)
        let parameters = LSTMParameters(config: Self.config, rng: &rng)
        let named = Dictionary(uniqueKeysWithValues: parameters.namedTensors().map { ($0.name, ($0.shape, Array($0.values))) })
        var missing = named
        missing["lstm.bias_hh_l1"] = nil
        #expect(throws: LSTMError.missingTensor(name: "lstm.bias_hh_l1")) { try LSTMParameters(config: Self.config, named: missing) }
        var reshaped = named
        reshaped["head.weight"] = ([5, 9], named["head.weight"]!.1)
        #expect(throws: LSTMError.wrongShape(name: "head.weight", expected: [9, 5], found: [5, 9])) {
            try LSTMParameters(config: Self.config, named: reshaped)
        }
        var short = named
        short["head.bias"] = ([9], [1, 2])
        #expect(throws: LSTMError.wrongValueCount(name: "head.bias", expected: 9, found: 2)) {
            try LSTMParameters(config: Self.config, named: short)
        }
        var extra = named
        extra["lstm.weight_ih_l2"] = ([20, 5], [Float](repeating: 0, count: 100))
        #expect(throws: LSTMError.unexpectedTensor(name: "lstm.weight_ih_l2")) { try LSTMParameters(config: Self.config, named: extra) }
        var inconsistent = named
        inconsistent["head.weight"] = ([8, 5], [Float](repeating: 0, count: 40))
        #expect(throws: LSTMError.self) { try LSTMParameters(named: inconsistent) }
        #expect(LSTMError.missingTensor(name: "x").description.contains("'x'"))
        #expect(throws: LSTMError.self) { try LSTMConfig(vocabularySize: 0, embeddingSize: 1, hiddenSize: 1, layers: 1) }
    }
}
