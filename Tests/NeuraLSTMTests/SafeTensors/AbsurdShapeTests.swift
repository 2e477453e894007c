import Foundation
import Testing
@testable import NeuraLSTM

/// A model file whose header claims enormous tensors is refused from the header alone: every
/// tensor's byte size must match data that is really in the file, so nothing is allocated
/// from a claimed shape.
@Suite struct AbsurdShapeTests {
    private func modelFile(embeddingShape: String) throws -> URL {
        let header = #"{"__metadata__":{"format":"neurascore-lstm","version":"1"},"#
            + #""embedding.weight":{"dtype":"F32","shape":\#(embeddingShape),"data_offsets":[0,16]}}"#
        let bytes = SafeTensorsBytes.file(header: header, data: SafeTensorsBytes.littleEndian([1, 2, 3, 4]))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("absurd-\(UUID().uuidString).safetensors")
        try Data(bytes).write(to: url)
        return url
    }

    private func loadError(_ url: URL) -> LSTMModelFileError? {
        do {
            _ = try LSTMModelFile.read(contentsOf: url)
            return nil
        } catch {
            return error
        }
    }

    @Test func aShapeOfTwoToTheFortySquaredIsRefusedAsAnOverflow() throws {
        let url = try modelFile(embeddingShape: "[1099511627776,1099511627776]")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(loadError(url) == .container(.shapeOverflow(
            file: url.path, tensor: "embedding.weight", shape: [1 << 40, 1 << 40])))
    }

    @Test func aShapeOfFourTebibytesThatFitsAnIntIsRefusedForItsMissingData() throws {
        let url = try modelFile(embeddingShape: "[1048576,1048576]")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(loadError(url) == .container(.sizeMismatch(
            file: url.path, tensor: "embedding.weight", expectedBytes: 1 << 42, actualBytes: 16)))
    }

    /// A device reports no size and never ends; it is refused before a byte is read.
    @Test func aDeviceIsRefusedBeforeReading() {
        #expect(throws: SafeTensorsError.ioFailure(file: "/dev/zero", operation: "open", reason: "not a regular file")) {
            try SafeTensors.read(contentsOf: URL(fileURLWithPath: "/dev/zero"))
        }
    }
}
