import Foundation
import Testing
@testable import NeuraMusic

@Suite struct NumPyInt32Tests {
    @Test func headerIsVersionOnePaddedTo64ByteAlignment() {
        let bytes = NumPyInt32.bytes([1, -2, 70000])
        #expect(Array(bytes[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }"))
        #expect(header.hasSuffix(" \n"))
        // Little-endian int32 data right after the header.
        #expect(Array(bytes[(10 + headerLength)...]) == [1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF, 0x70, 0x11, 0x01, 0x00])
    }

    @Test func readsBackWhatItWritesIncludingEmptyArrays() throws {
        for values: [Int32] in [[], [0], [Int32.min, -1, 0, 1, Int32.max]] {
            #expect(try NumPyInt32.read(bytes: NumPyInt32.bytes(values), source: "mem") == values)
        }
    }

    /// A version 1.0 file with any header dictionary, padded the way np.save pads it.
    static func npy(_ dictionary: String, data: [UInt8]) -> [UInt8] {
        let padded = dictionary + String(repeating: " ", count: 117 - dictionary.utf8.count) + "\n"
        return [0x93] + Array("NUMPY".utf8) + [1, 0, 118, 0] + Array(padded.utf8) + data
    }

    @Test func readsHeadersNumPyItselfWrites() throws {
        let bytes = Self.npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", data: [5, 0, 0, 0, 6, 0, 0, 0])
        #expect(try NumPyInt32.read(bytes: bytes, source: "np") == [5, 6])
    }

    @Test func refusesWhatItCannotReadWithTheSourceInTheMessage() {
        let good = NumPyInt32.bytes([1, 2, 3])
        func error(_ bytes: [UInt8]) -> NumPyError? {
            do {
                _ = try NumPyInt32.read(bytes: bytes, source: "bad.npy")
                return nil
            } catch {
                return error as? NumPyError
            }
        }
        let four = [UInt8](repeating: 0, count: 16)
        #expect(error(Array("hello".utf8)) == .notNumPy(source: "bad.npy"))
        #expect(error(Array(good.dropLast())) == .truncated(source: "bad.npy", expectedBytes: 12, actualBytes: 11))
        var version = good
        version[6] = 9
        #expect(error(version) == .unsupportedVersion(source: "bad.npy", major: 9))
        let float = error(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", data: four))
        #expect(float.map { "\($0)" }?.contains("bad.npy") == true)
        #expect(error(Self.npy("{'descr': '<i4', 'fortran_order': True, 'shape': (4,), }", data: four)) != nil)
        #expect(error(Self.npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }", data: four)) != nil)
        // A shape far larger than the data is refused before anything is allocated.
        let huge = Self.npy("{'descr': '<i4', 'fortran_order': False, 'shape': (1000000000000,), }", data: four)
        #expect(error(huge) == .truncated(source: "bad.npy", expectedBytes: 4_000_000_000_000, actualBytes: 16))
        let overflowing = Self.npy("{'descr': '<i4', 'fortran_order': False, 'shape': (4611686018427387904,), }", data: four)
        #expect(error(overflowing) != nil)
    }

    @Test func theStreamingWriterFillsInTheShapeAtTheEnd() throws {
        let folder = try GridFixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("t.npy")
        let writer = try NumPyInt32Writer(url: url)
        try writer.append([1, 2])
        try writer.append([])
        try writer.append([3])
        #expect(!FileManager.default.fileExists(atPath: url.path), "nothing appears before finish()")
        try writer.finish()
        #expect(try NumPyInt32.read(contentsOf: url) == [1, 2, 3])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["t.npy"])
        #expect(throws: NumPyError.self) { try NumPyInt32.read(contentsOf: folder.appendingPathComponent("none.npy")) }
    }
}
