import Foundation
import Testing
@testable import NeuraLSTM

@Suite struct LSTMModelFileTests {
    @Test func loadsTheTorchModelAndInfersItsShape() throws {
        let model = try LSTMModelFile.read(contentsOf: TorchFixture.url("model.safetensors"))
        #expect(model.config == (try LSTMConfig(vocabularySize: 23, embeddingSize: 8, hiddenSize: 16, layers: 2)))
        #expect(model.tensors.count == 11)
        let encoding = try #require(model.encoding)
        #expect(encoding.contains("\"vocabulary\""))
        #expect(model.training?.contains("make-torch-fixtures") == true)
    }

    @Test(arguments: ["model-f16.safetensors", "model-bf16.safetensors"])
    func loadsReducedPrecisionCopiesCloseToTheF32Weights(name: String) throws {
        let full = try LSTMModelFile.read(contentsOf: TorchFixture.url("model.safetensors"))
        let reduced = try LSTMModelFile.read(contentsOf: TorchFixture.url(name))
        #expect(reduced.config == full.config)
        let tolerance: Float = name.contains("bf16") ? 1.0 / 128 : 1.0 / 1024
        for (tensorName, tensor) in full.tensors {
            for (a, b) in zip(tensor.values, reduced.tensors[tensorName]!.values) {
                #expect(abs(a - b) <= tolerance * max(abs(a), 1e-3), "\(tensorName)")
            }
        }
    }

    @Test func writesAndReadsBackTheSameModel() throws {
        let model = try LSTMModelFile.read(contentsOf: TorchFixture.url("model.safetensors"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("st-model-\(UInt64.random(in: 0...UInt64.max)).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.write(to: url)
        let back = try LSTMModelFile.read(contentsOf: url)
        #expect(back.tensors == model.tensors && back.encoding == model.encoding && back.training == model.training)
    }

    private func torchTensors() throws -> [String: HostTensor] {
        try TorchFixture.read("model.safetensors").tensors
    }

    private func validationError(_ tensors: [String: HostTensor], metadata: [String: String]? = nil) -> LSTMModelFileError? {
        let file = SafeTensorsFile(tensors: tensors, metadata: metadata ?? ["format": "neurascore-lstm", "version": "1"])
        do {
            _ = try LSTMModelFile(validating: file, source: "m.safetensors")
            return nil
        } catch {
            return error
        }
    }

    @Test func refusesFilesThatAreNotNeuraScoreModelsOrAreFromAnotherVersion() throws {
        let tensors = try torchTensors()
        #expect(validationError(tensors, metadata: [:]) == .notAModel(file: "m.safetensors", format: nil))
        #expect(validationError(tensors, metadata: ["format": "gpt2"]) == .notAModel(file: "m.safetensors", format: "gpt2"))
        #expect(validationError(tensors, metadata: ["format": "neurascore-lstm", "version": "2"])
            == .unsupportedVersion(file: "m.safetensors", version: "2"))
        #expect(validationError(tensors) == nil)
    }

    @Test(arguments: ["embedding.weight", "lstm.weight_hh_l0", "lstm.bias_ih_l1", "head.bias"])
    func refusesAMissingTensor(name: String) throws {
        var tensors = try torchTensors()
        tensors[name] = nil
        #expect(validationError(tensors) == .missingTensor(file: "m.safetensors", name: name))
    }

    @Test func refusesUnexpectedTensors() throws {
        var tensors = try torchTensors()
        tensors["decoder.weight"] = HostTensor(shape: [1], values: [0])
        #expect(validationError(tensors) == .unexpectedTensor(file: "m.safetensors", name: "decoder.weight"))
    }

    @Test func aThirdLayerWithoutItsOtherTensorsIsMissingThem() throws {
        var tensors = try torchTensors()
        tensors["lstm.weight_hh_l2"] = tensors["lstm.weight_hh_l1"]
        #expect(validationError(tensors) == .missingTensor(file: "m.safetensors", name: "lstm.bias_hh_l2"))
    }

    @Test func refusesWrongShapes() throws {
        var tensors = try torchTensors()
        tensors["head.weight"] = HostTensor(shape: [16, 23], values: tensors["head.weight"]!.values)
        #expect(validationError(tensors) == .wrongShape(file: "m.safetensors", name: "head.weight", expected: [23, 16], found: [16, 23]))
        tensors = try torchTensors()
        tensors["lstm.weight_hh_l0"] = HostTensor(shape: [60, 16], values: Array(repeating: 0, count: 960))
        guard case .inconsistentShapes = validationError(tensors) else {
            Issue.record("a non-square recurrent matrix was accepted")
            return
        }
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func refusesNonFiniteWeights(value: Float) throws {
        var tensors = try torchTensors()
        tensors["lstm.bias_hh_l1"]!.values[5] = value
        guard case .nonFiniteWeights(_, "lstm.bias_hh_l1", 5, _) = validationError(tensors) else {
            Issue.record("\(value) was accepted")
            return
        }
    }

    @Test func aCorruptContainerIsReportedAsSuch() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("st-corrupt-\(UInt64.random(in: 0...UInt64.max)).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        var bytes = try [UInt8](Data(contentsOf: TorchFixture.url("model.safetensors")))
        bytes.removeLast(4)
        try Data(bytes).write(to: url)
        #expect {
            try LSTMModelFile.read(contentsOf: url)
        } throws: { error in
            guard case .container(let inner) = error as? LSTMModelFileError else { return false }
            return inner.description.hasPrefix(url.path)
        }
    }
}

@Suite struct LSTMModelFileParameterTests {
    @Test func handsTheTorchWeightsToTheEngineUnchanged() throws {
        let model = try LSTMModelFile.read(contentsOf: TorchFixture.url("model.safetensors"))
        let parameters = try model.parameters()
        #expect(parameters.config == model.config)
        for tensor in parameters.namedTensors() {
            #expect(Array(tensor.values) == model.tensors[tensor.name]?.values, "\(tensor.name)")
        }
    }

    @Test func engineParametersSurviveAWriteAndARead() throws {
        var rng = SplitMix64(seed: 7)
        let config = try LSTMConfig(vocabularySize: 5, embeddingSize: 3, hiddenSize: 4, layers: 3)
        let parameters = LSTMParameters(config: config, rng: &rng)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("st-params-\(UInt64.random(in: 0...UInt64.max)).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try LSTMModelFile(parameters: parameters, encoding: #"{"vocabulary":["a"]}"#, training: nil).write(to: url)
        let back = try LSTMModelFile.read(contentsOf: url)
        #expect(back.config == config && back.encoding == #"{"vocabulary":["a"]}"# && back.training == nil)
        #expect(try back.parameters().values == parameters.values)
    }
}
