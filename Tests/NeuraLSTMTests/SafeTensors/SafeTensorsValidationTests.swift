import Foundation
import Testing
@testable import NeuraLSTM

/// One damaged file per rule; each must be refused with the matching error, never a crash.
@Suite struct SafeTensorsValidationTests {
    let twoFloats = SafeTensorsBytes.littleEndian([1.5, -2])

    @Test func acceptsAMinimalValidFile() throws {
        let bytes = SafeTensorsBytes.file(
            header: #"{"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: twoFloats)
        let file = try SafeTensors.read(bytes: bytes, source: "ok.safetensors")
        #expect(file.tensors["w"] == HostTensor(shape: [2], values: [1.5, -2]))
        #expect(file.metadata == ["k": "v"])
    }

    @Test func acceptsScalarsEmptyTensorsAndPaddedHeaders() throws {
        let header = #"{"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"e":{"dtype":"F16","shape":[0,3],"data_offsets":[4,4]}}   "#
        let file = try SafeTensors.read(bytes: SafeTensorsBytes.file(header: header, data: SafeTensorsBytes.littleEndian([7])), source: "x")
        #expect(file.tensors["s"] == HostTensor(shape: [], values: [7]))
        #expect(file.tensors["e"] == HostTensor(shape: [0, 3], values: []))
    }

    @Test func errorsNameTheFile() {
        let error = SafeTensorsBytes.readError([1, 2, 3], source: "/models/broken.safetensors")
        #expect(error == .tooShort(file: "/models/broken.safetensors", size: 3))
        #expect(error?.description.contains("/models/broken.safetensors") == true)
    }

    @Test func refusesAHeaderLengthPastTheEnd() {
        let bytes = SafeTensorsBytes.file(header: "{}", declaredHeaderLength: 3)
        #expect(SafeTensorsBytes.readError(bytes) == .headerPastEnd(file: "test.safetensors", headerSize: 3, fileSize: 10))
        let huge = SafeTensorsBytes.file(header: "{}", declaredHeaderLength: UInt64.max)
        #expect(SafeTensorsBytes.readError(huge) == .headerTooLarge(
            file: "test.safetensors", headerSize: UInt64.max, limit: SafeTensors.maximumHeaderSize))
    }

    @Test(arguments: [#"{"a":"#, #"{"a":1,}"#, "not json", #"{"a":"\u12"}"#, "{} x", #"{"a":01}"#, "{\"a\":\"tab\t\"}"])
    func refusesHeadersThatAreNotJSON(header: String) {
        guard case .headerNotJSON = SafeTensorsBytes.readError(SafeTensorsBytes.file(header: header)) else {
            Issue.record("accepted or misreported \(header)")
            return
        }
    }

    @Test func refusesInvalidUTF8InTheHeader() {
        var bytes = SafeTensorsBytes.file(header: #"{"__metadata__":{"k":"vv"}}"#)
        bytes[8 + 23] = 0xFF
        guard case .headerNotJSON = SafeTensorsBytes.readError(bytes) else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
    }

    @Test func refusesDeepNestingWithoutRecursingForever() {
        let header = #"{"__metadata__":"# + String(repeating: "[", count: 100_000)
        guard case .headerNotJSON = SafeTensorsBytes.readError(SafeTensorsBytes.file(header: header)) else {
            Issue.record("deep nesting was not refused")
            return
        }
    }

    @Test func refusesAHeaderThatIsNotAnObject() {
        #expect(SafeTensorsBytes.readError(SafeTensorsBytes.file(header: "[1,2]")) == .headerNotObject(file: "test.safetensors"))
    }

    @Test func refusesMetadataThatIsNotStringToString() {
        let numbers = SafeTensorsBytes.file(header: #"{"__metadata__":{"steps":10}}"#)
        #expect(SafeTensorsBytes.readError(numbers) == .metadataNotStrings(file: "test.safetensors", key: "steps"))
        let list = SafeTensorsBytes.file(header: #"{"__metadata__":["a"]}"#)
        #expect(SafeTensorsBytes.readError(list) == .metadataNotStrings(file: "test.safetensors", key: nil))
    }

    @Test func refusesDuplicateNames() {
        let header = #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(SafeTensorsBytes.readError(SafeTensorsBytes.file(header: header, data: twoFloats))
            == .duplicateName(file: "test.safetensors", name: "w"))
    }

    @Test func refusesUnknownAndUnsupportedDTypes() {
        let unknown = SafeTensorsBytes.file(header: #"{"w":{"dtype":"F99","shape":[2],"data_offsets":[0,8]}}"#, data: twoFloats)
        #expect(SafeTensorsBytes.readError(unknown) == .unknownDType(file: "test.safetensors", tensor: "w", dtype: "F99"))
        let integers = SafeTensorsBytes.file(header: #"{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: twoFloats)
        #expect(SafeTensorsBytes.readError(integers) == .unsupportedDType(file: "test.safetensors", tensor: "w", dtype: "I64"))
    }

    @Test(arguments: [
        #"{"w":{"dtype":"F32","shape":[2]}}"#,
        #"{"w":{"shape":[2],"data_offsets":[0,8]}}"#,
        #"{"w":{"dtype":"F32","data_offsets":[0,8]}}"#,
        #"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#,
        #"{"w":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}"#,
        #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#,
        #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":1}}"#,
        #"{"w":[1,2]}"#,
    ])
    func refusesMalformedEntries(header: String) {
        guard case .malformedEntry(_, "w", _) = SafeTensorsBytes.readError(SafeTensorsBytes.file(header: header, data: twoFloats)) else {
            Issue.record("accepted or misreported \(header)")
            return
        }
    }

    @Test func refusesShapesWhoseSizeOverflowsBeforeAllocating() {
        let header = #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#
        #expect(SafeTensorsBytes.readError(SafeTensorsBytes.file(header: header, data: twoFloats))
            == .shapeOverflow(file: "test.safetensors", tensor: "w", shape: [4_611_686_018_427_387_904, 4]))
    }

    @Test func refusesAByteRangeThatDoesNotMatchTheShape() {
        let header = #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        #expect(SafeTensorsBytes.readError(SafeTensorsBytes.file(header: header, data: twoFloats))
            == .sizeMismatch(file: "test.safetensors", tensor: "w", expectedBytes: 12, actualBytes: 8))
    }

    @Test func refusesOffsetsOutsideTheFile() {
        let pastEnd = SafeTensorsBytes.file(header: #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: twoFloats)
        #expect(SafeTensorsBytes.readError(pastEnd)
            == .offsetsOutOfFile(file: "test.safetensors", tensor: "w", begin: 0, end: 16, bufferSize: 8))
        let reversed = SafeTensorsBytes.file(header: #"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}"#, data: twoFloats)
        #expect(SafeTensorsBytes.readError(reversed)
            == .offsetsOutOfFile(file: "test.safetensors", tensor: "w", begin: 8, end: 4, bufferSize: 8))
    }

    @Test func refusesOverlappingTensors() {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(SafeTensorsBytes.readError(SafeTensorsBytes.file(header: header, data: twoFloats))
            == .overlappingTensors(file: "test.safetensors", first: "a", second: "b"))
    }

    /// The specification demands a fully indexed buffer: unindexed bytes could hide another payload.
    @Test func refusesGapsAndTrailingBytes() {
        let gap = SafeTensorsBytes.file(header: #"{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: twoFloats)
        #expect(SafeTensorsBytes.readError(gap) == .gapInBuffer(file: "test.safetensors", at: 0, before: "b"))
        let trailing = SafeTensorsBytes.file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: twoFloats)
        #expect(SafeTensorsBytes.readError(trailing) == .trailingBytes(file: "test.safetensors", indexed: 4, bufferSize: 8))
    }

    @Test func tensorsMayBeStoredInAnyOrder() throws {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        let file = try SafeTensors.read(bytes: SafeTensorsBytes.file(header: header, data: twoFloats), source: "x")
        #expect(file.tensors["a"]?.values == [-2] && file.tensors["b"]?.values == [1.5])
    }

    @Test func refusesFilesOverTheSizeCap() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-sparse-\(UInt32.random(in: 0...UInt32.max)).safetensors")
        #expect(FileManager.default.createFile(atPath: path.path, contents: Data()))
        defer { try? FileManager.default.removeItem(at: path) }
        // A sparse file: the cap must be checked from its size, before anything is read.
        let handle = try FileHandle(forWritingTo: path)
        try handle.truncate(atOffset: UInt64(SafeTensors.maximumFileSize) + 1)
        try handle.close()
        #expect(throws: SafeTensorsError.fileTooLarge(file: path.path, size: SafeTensors.maximumFileSize + 1, limit: SafeTensors.maximumFileSize)) {
            try SafeTensors.read(contentsOf: path)
        }
    }

    @Test func aMissingFileIsAnIOErrorNamingIt() {
        #expect {
            try SafeTensors.read(contentsOf: URL(fileURLWithPath: "/nonexistent/model.safetensors"))
        } throws: { error in
            guard case .ioFailure(let file, _, _) = error as? SafeTensorsError else { return false }
            return file == "/nonexistent/model.safetensors"
        }
    }
}
