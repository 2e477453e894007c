import Foundation
import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraCore

@Test func modelRoundTripsThroughSafetensorsWithItsEncoding() throws {
    var rng = SplitMix64(seed: 3)
    let config = try LSTMConfig(vocabularySize: TestModels.encoding.vocabularySize, embeddingSize: 6, hiddenSize: 8, layers: 1)
    let parameters = LSTMParameters(config: config, rng: &rng)
    let model = try NeuraModel(name: "m", url: nil, parameters: parameters, encoding: TestModels.encoding, trainingRecord: #"{"steps":1}"#)
    let url = TestModels.temporaryURL("m.safetensors")
    try model.write(to: url)
    let loaded = try NeuraModel.load(contentsOf: url)
    #expect(loaded.encoding == TestModels.encoding)
    #expect(loaded.parameters.values == parameters.values)
    #expect(loaded.trainingRecord == #"{"steps":1}"#)
    #expect(loaded.name == "m")
}

@Test func modelWhoseWeightsDisagreeWithItsEncodingIsRefused() throws {
    var rng = SplitMix64(seed: 3)
    let config = try LSTMConfig(vocabularySize: 10, embeddingSize: 4, hiddenSize: 4, layers: 1)
    let parameters = LSTMParameters(config: config, rng: &rng)
    #expect(throws: ModelError.self) {
        try NeuraModel(name: "m", url: nil, parameters: parameters, encoding: TestModels.encoding, trainingRecord: nil)
    }
    // The same mismatch arriving through a file names the file.
    let tensors = Dictionary(uniqueKeysWithValues: parameters.namedTensors().map {
        ($0.name, HostTensor(shape: $0.shape, values: Array($0.values)))
    })
    let encodingJSON = String(decoding: try JSONEncoder().encode(TestModels.encoding), as: UTF8.self)
    let url = TestModels.temporaryURL("mismatch.safetensors")
    try LSTMModelFile(tensors: tensors, encoding: encodingJSON, training: nil).write(to: url)
    do {
        _ = try NeuraModel.load(contentsOf: url)
        Issue.record("a model with 10 tokens loaded under an encoding of \(TestModels.encoding.vocabularySize)")
    } catch {
        #expect(error.description.contains(url.path))
        #expect(error.description.contains("10 tokens"))
    }
}

@Test func modelWithoutEncodingMetadataIsRefusedClearly() throws {
    var rng = SplitMix64(seed: 1)
    let config = try LSTMConfig(vocabularySize: 10, embeddingSize: 4, hiddenSize: 4, layers: 1)
    let parameters = LSTMParameters(config: config, rng: &rng)
    let tensors = Dictionary(uniqueKeysWithValues: parameters.namedTensors().map {
        ($0.name, HostTensor(shape: $0.shape, values: Array($0.values)))
    })
    let url = TestModels.temporaryURL("bare.safetensors")
    try LSTMModelFile(tensors: tensors, encoding: nil, training: nil).write(to: url)
    #expect(throws: ModelError.missingEncoding(file: url.path)) { try NeuraModel.load(contentsOf: url) }
}

@Test func locatorFindsModelsByNameAndUserModelsShadowBundledOnes() throws {
    let user = TestModels.temporaryURL("x").deletingLastPathComponent().appendingPathComponent("user")
    let bundled = TestModels.temporaryURL("x").deletingLastPathComponent().appendingPathComponent("bundled")
    for folder in [user, bundled] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    #expect(FileManager.default.createFile(atPath: user.appendingPathComponent("folk.safetensors").path, contents: Data()))
    #expect(FileManager.default.createFile(atPath: bundled.appendingPathComponent("folk.safetensors").path, contents: Data()))
    #expect(FileManager.default.createFile(atPath: bundled.appendingPathComponent("chorale.safetensors").path, contents: Data()))
    #expect(FileManager.default.createFile(atPath: bundled.appendingPathComponent("chorale.ckpt.safetensors").path, contents: Data()))
    let locator = ModelLocator(directories: [(user, "user"), (bundled, "bundled")])
    #expect(locator.installed().map(\.name) == ["folk", "chorale"])
    #expect(try locator.resolve("folk").path == user.appendingPathComponent("folk.safetensors").path)
    #expect(try locator.resolve(nil).path == bundled.appendingPathComponent("chorale.safetensors").path)
    #expect(throws: ModelError.self) { try locator.resolve("nonesuch") }
}
