import Foundation
@testable import NeuraLSTM

/// Builds safetensors files byte by byte so each test can damage exactly one thing.
enum SafeTensorsBytes {
    /// The 8-byte little-endian header length, then the header text, then the data buffer.
    static func file(header: String, data: [UInt8] = [], declaredHeaderLength: UInt64? = nil) -> [UInt8] {
        let headerBytes = Array(header.utf8)
        let length = declaredHeaderLength ?? UInt64(headerBytes.count)
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
        bytes += headerBytes
        bytes += data
        return bytes
    }

    static func littleEndian(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt32($0))) } }
    }

    /// Reads `bytes` and returns the error, or nil if it was accepted.
    static func readError(_ bytes: [UInt8], source: String = "test.safetensors") -> SafeTensorsError? {
        do {
            _ = try SafeTensors.read(bytes: bytes, source: source)
            return nil
        } catch {
            return error
        }
    }
}

/// The PyTorch fixtures, found through the test bundle's resources.
enum TorchFixture {
    static func url(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/torch/\(name)")
    }

    static func read(_ name: String) throws -> SafeTensorsFile {
        try SafeTensors.read(contentsOf: url(name))
    }
}
