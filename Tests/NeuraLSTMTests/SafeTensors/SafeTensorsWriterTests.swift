import Foundation
import Testing
@testable import NeuraLSTM

@Suite struct SafeTensorsWriterTests {
    let sample = SafeTensorsFile(
        tensors: [
            "zeta": HostTensor(shape: [2, 2], values: [1, 2, 3, 4]),
            "alpha": HostTensor(shape: [3], values: [0.5, -0.25, 1e-3]),
            "scalar": HostTensor(shape: [], values: [42]),
        ],
        metadata: ["format": "neurascore-lstm", "quote\"and\\slash": "line\nbreak\u{1}é"])

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("st-writer-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func layoutIsSortedContiguousAndAligned() throws {
        let bytes = try SafeTensors.encode(sample, dtype: .f32)
        let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect((8 + headerLength) % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{") && header.last == " " || header.hasSuffix("}"))
        let alpha = try #require(header.range(of: #""alpha""#)), scalar = try #require(header.range(of: #""scalar""#))
        let zeta = try #require(header.range(of: #""zeta""#))
        #expect(alpha.lowerBound < scalar.lowerBound && scalar.lowerBound < zeta.lowerBound)
        #expect(header.contains(#""data_offsets":[0,12]"#) && header.contains(#""data_offsets":[12,16]"#)
            && header.contains(#""data_offsets":[16,32]"#))
        #expect(bytes.count == 8 + headerLength + 32)
        #expect(try SafeTensors.read(bytes: bytes, source: "x") == sample)
    }

    @Test(arguments: [SafeTensors.StorageType.f16, .bf16])
    func reducedPrecisionWritesHalfTheBytesAndRoundTripsRoundedValues(storage: SafeTensors.StorageType) throws {
        let bytes = try SafeTensors.encode(sample, dtype: storage)
        let back = try SafeTensors.read(bytes: bytes, source: "x")
        #expect(back.tensors["zeta"]?.values == [1, 2, 3, 4])
        #expect(back.tensors["alpha"]!.values[0] == 0.5)
        let small = back.tensors["alpha"]!.values[2]
        #expect(small != 1e-3 && abs(small - 1e-3) < 1e-5)
        #expect(back.metadata == sample.metadata)
        let f32Size = try SafeTensors.encode(sample, dtype: .f32).count
        #expect(bytes.count < f32Size)
    }

    @Test func writesAtomicallyAndReplacesAnExistingFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        try Data("old".utf8).write(to: url)
        try SafeTensors.write(sample, dtype: .f32, to: url)
        #expect(try SafeTensors.read(contentsOf: url) == sample)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
    }

    @Test func aWriteIntoAMissingDirectoryFailsNamingThePathAndLeavesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("missing/model.safetensors")
        #expect {
            try SafeTensors.write(sample, dtype: .f32, to: url)
        } throws: { error in
            (error as? SafeTensorsError)?.description.contains(url.path) == true
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func aTensorWhoseValuesDoNotFitItsShapeIsRefusedAndNothingIsWritten() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("bad.safetensors")
        let bad = SafeTensorsFile(tensors: ["w": HostTensor(shape: [2, 3], values: [1, 2])])
        #expect(throws: SafeTensorsError.invalidTensorToWrite(
            file: url.path, tensor: "w", reason: "shape [2, 3] needs 6 values but it has 2")) {
            try SafeTensors.write(bad, dtype: .f32, to: url)
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        let reserved = SafeTensorsFile(tensors: ["__metadata__": HostTensor(shape: [1], values: [1])])
        #expect(throws: SafeTensorsError.self) { try SafeTensors.encode(reserved, dtype: .f32) }
    }
}
