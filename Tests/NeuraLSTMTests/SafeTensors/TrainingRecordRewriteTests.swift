import Foundation
import Testing
@testable import NeuraLSTM

@Suite struct TrainingRecordRewriteTests {
    /// The data buffer of a safetensors file: everything after the header.
    private func dataBuffer(_ bytes: [UInt8]) -> [UInt8] {
        var headerSize = 0
        for index in (0..<8).reversed() { headerSize = headerSize << 8 | Int(bytes[index]) }
        return Array(bytes[(8 + headerSize)...])
    }

    /// PyTorch's files in all three dtypes: only the record changes; the tensors keep their dtype
    /// and every byte, and the other metadata stays.
    @Test(arguments: ["model.safetensors", "model-f16.safetensors", "model-bf16.safetensors"])
    func replacesTheRecordAndKeepsEveryTensorByte(name: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString)-\(name)")
        defer { try? FileManager.default.removeItem(at: url) }
        try FileManager.default.copyItem(at: TorchFixture.url(name), to: url)
        let before = [UInt8](try Data(contentsOf: url))
        let original = try SafeTensors.read(contentsOf: url)

        try LSTMModelFile.replaceTrainingRecord(#"{"corpus":["a/b"],"samplingDefaults":{"temperature":0.9}}"#, inFileAt: url)

        let after = [UInt8](try Data(contentsOf: url))
        #expect(dataBuffer(after) == dataBuffer(before))
        let rewritten = try SafeTensors.read(contentsOf: url)
        #expect(rewritten.tensors == original.tensors)
        #expect(rewritten.metadata["training"] == #"{"corpus":["a/b"],"samplingDefaults":{"temperature":0.9}}"#)
        var others = original.metadata
        others["training"] = nil
        var rewrittenOthers = rewritten.metadata
        rewrittenOthers["training"] = nil
        #expect(rewrittenOthers == others)
        let dtypes = String(decoding: after[8..<min(after.count, 4096)], as: UTF8.self)
        let expected = name.contains("bf16") ? "\"BF16\"" : name.contains("f16") ? "\"F16\"" : "\"F32\""
        #expect(dtypes.contains(expected))
    }

    @Test func refusesAFileThatIsNotAModelAndLeavesItAlone() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(SafeTensorsFile(tensors: ["x": HostTensor(shape: [2], values: [1, 2])]), dtype: .f32, to: url)
        let before = try Data(contentsOf: url)
        #expect(throws: LSTMModelFileError.self) { try LSTMModelFile.replaceTrainingRecord("{}", inFileAt: url) }
        #expect(try Data(contentsOf: url) == before)
    }
}
