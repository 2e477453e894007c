import Foundation
import Testing
@testable import NeuraLSTM

/// Reads files written by PyTorch's safetensors library (Scripts/make-torch-fixtures).
@Suite struct SafeTensorsFixtureTests {
    @Test func readsTheTorchModelWithItsMetadata() throws {
        let file = try TorchFixture.read("model.safetensors")
        #expect(file.metadata["format"] == "neurascore-lstm")
        #expect(file.metadata["version"] == "1")
        #expect(file.tensors.count == 11)
        #expect(file.tensors["embedding.weight"]?.shape == [23, 8])
        #expect(file.tensors["lstm.weight_ih_l1"]?.shape == [64, 16])
        #expect(file.tensors["head.bias"]?.values.count == 23)
        for tensor in file.tensors.values {
            #expect(tensor.values.count == tensor.elementCount)
            #expect(tensor.values.allSatisfy { $0.isFinite })
        }
    }

    /// Torch's own F16/BF16 copies must equal our rounding of the F32 weights, value for value:
    /// that checks the readers and the writer's rounding against an independent implementation.
    @Test(arguments: [("model-f16.safetensors", SafeTensors.StorageType.f16), ("model-bf16.safetensors", .bf16)])
    func reducedPrecisionModelsMatchOurRounding(name: String, storage: SafeTensors.StorageType) throws {
        let full = try TorchFixture.read("model.safetensors")
        let reduced = try TorchFixture.read(name)
        #expect(reduced.metadata == full.metadata)
        #expect(Set(reduced.tensors.keys) == Set(full.tensors.keys))
        for (tensorName, tensor) in full.tensors {
            let ours = try SafeTensors.read(
                bytes: SafeTensors.encode(SafeTensorsFile(tensors: [tensorName: tensor]), dtype: storage),
                source: "roundtrip")
            let theirs = try #require(reduced.tensors[tensorName]), mine = try #require(ours.tensors[tensorName])
            #expect(theirs.shape == mine.shape)
            let mismatch = theirs.values.indices.first { theirs.values[$0].bitPattern != mine.values[$0].bitPattern }
            #expect(mismatch == nil, "\(tensorName) differs first at element \(mismatch ?? -1)")
        }
    }

    @Test func specialValuesConvertLikeTorch() throws {
        let special = try TorchFixture.read("special.safetensors")
        let source = try #require(special.tensors["source"]).values
        let torchHalf = try #require(special.tensors["as_f16"]).values
        let torchBFloat = try #require(special.tensors["as_bf16"]).values
        #expect(source.count == 30 && torchHalf.count == 30 && torchBFloat.count == 30)
        for (index, value) in source.enumerated() {
            let half = FloatConversion.float(fromHalf: FloatConversion.half(from: value))
            let bfloat = FloatConversion.float(fromBFloat16: FloatConversion.bfloat16(from: value))
            if value.isNaN {
                #expect(half.isNaN && torchHalf[index].isNaN && bfloat.isNaN && torchBFloat[index].isNaN)
            } else {
                #expect(half.bitPattern == torchHalf[index].bitPattern, "F16 of \(value)")
                #expect(bfloat.bitPattern == torchBFloat[index].bitPattern, "BF16 of \(value)")
            }
        }
    }

    @Test func writingAndReadingBackKeepsEveryBitOfF32() throws {
        let original = try TorchFixture.read("expected.safetensors")
        let bytes = try SafeTensors.encode(original, dtype: .f32)
        #expect(try SafeTensors.read(bytes: bytes, source: "roundtrip") == original)
    }
}
