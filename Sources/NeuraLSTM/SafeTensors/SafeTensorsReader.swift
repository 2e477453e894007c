import Foundation

/// Reading and writing the safetensors format (https://github.com/huggingface/safetensors):
/// an 8-byte little-endian header length N, N bytes of JSON, then the data buffer that the
/// header's `data_offsets` index, fully and without overlaps.
public enum SafeTensors {
    /// Model files are a few MB; the cap only stops a wrong path from reading gigabytes into memory.
    public static let maximumFileSize = 2 << 30
    /// The reference implementation uses the same cap; real headers are a few KB.
    public static let maximumHeaderSize = 100_000_000

    public static func read(contentsOf url: URL) throws(SafeTensorsError) -> SafeTensorsFile {
        try read(bytes: fileBytes(at: url), source: url.path)
    }

    /// The whole file, refusing what cannot be a model file: a device or pipe, or a file past the size cap.
    static func fileBytes(at url: URL) throws(SafeTensorsError) -> [UInt8] {
        let path = url.path
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            // A device or pipe reports no size and may never end: only regular files are models.
            guard attributes[.type] as? FileAttributeType == .typeRegular else {
                throw SafeTensorsError.ioFailure(file: path, operation: "open", reason: "not a regular file")
            }
        } catch let error as SafeTensorsError {
            throw error
        } catch {
            throw .ioFailure(file: path, operation: "open", reason: Self.reason(error))
        }
        guard size <= maximumFileSize else {
            throw .fileTooLarge(file: path, size: size, limit: maximumFileSize)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .ioFailure(file: path, operation: "read", reason: Self.reason(error))
        }
        return [UInt8](data)
    }

    /// Parses a whole file held in memory; `source` names it in errors.
    public static func read(bytes: [UInt8], source: String) throws(SafeTensorsError) -> SafeTensorsFile {
        let layout = try SafeTensorsLayout(bytes: bytes, source: source)
        var tensors: [String: HostTensor] = [:]
        tensors.reserveCapacity(layout.entries.count)
        for entry in layout.entries {
            let start = layout.dataStart + entry.begin
            let values = decode(bytes[start..<(layout.dataStart + entry.end)], dtype: entry.dtype)
            tensors[entry.name] = HostTensor(shape: entry.shape, values: values)
        }
        return SafeTensorsFile(tensors: tensors, metadata: layout.metadata)
    }

    private static func decode(_ bytes: ArraySlice<UInt8>, dtype: SafeTensorsDType) -> [Float] {
        let count = bytes.count / dtype.size
        return [Float](unsafeUninitializedCapacity: count) { output, initialized in
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    switch dtype {
                    case .f16:
                        let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
                        output[index] = FloatConversion.float(fromHalf: bits)
                    case .bf16:
                        let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
                        output[index] = FloatConversion.float(fromBFloat16: bits)
                    default:
                        let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
                        output[index] = Float(bitPattern: bits)
                    }
                }
            }
            initialized = count
        }
    }

    static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, let underlying = cocoa.underlying {
            return underlying.localizedDescription
        }
        return error.localizedDescription
    }
}

/// One tensor's entry in a validated header.
struct SafeTensorsEntry {
    var name: String
    var dtype: SafeTensorsDType
    var shape: [Int]
    var begin: Int
    var end: Int
}

/// A header that has passed every check: all byte ranges lie inside the buffer, match their
/// shape and dtype, and tile the buffer with no gap or overlap. Only then is anything allocated
/// from the header's numbers.
struct SafeTensorsLayout {
    var entries: [SafeTensorsEntry]
    var metadata: [String: String]
    var dataStart: Int

    init(bytes: [UInt8], source: String) throws(SafeTensorsError) {
        guard bytes.count <= SafeTensors.maximumFileSize else {
            throw .fileTooLarge(file: source, size: bytes.count, limit: SafeTensors.maximumFileSize)
        }
        guard bytes.count >= 8 else { throw .tooShort(file: source, size: bytes.count) }
        var headerSize: UInt64 = 0
        for index in (0..<8).reversed() { headerSize = headerSize << 8 | UInt64(bytes[index]) }
        guard headerSize <= UInt64(SafeTensors.maximumHeaderSize) else {
            throw .headerTooLarge(file: source, headerSize: headerSize, limit: SafeTensors.maximumHeaderSize)
        }
        guard headerSize <= UInt64(bytes.count - 8) else {
            throw .headerPastEnd(file: source, headerSize: headerSize, fileSize: bytes.count)
        }
        dataStart = 8 + Int(headerSize)
        let bufferSize = bytes.count - dataStart

        let json: HeaderJSON
        do {
            json = try HeaderJSONParser.parse(bytes[8..<dataStart])
        } catch {
            if let name = error.duplicateKey { throw .duplicateName(file: source, name: name) }
            throw .headerNotJSON(file: source, reason: error.reason)
        }
        guard case let .object(members) = json else { throw .headerNotObject(file: source) }

        metadata = [:]
        entries = []
        entries.reserveCapacity(members.count)
        for member in members {
            let name = member.key, value = member.value
            if name == "__metadata__" {
                metadata = try Self.metadata(from: value, source: source)
            } else {
                entries.append(try Self.entry(name: name, value: value, bufferSize: bufferSize, source: source))
            }
        }
        try Self.checkTiling(entries, bufferSize: bufferSize, source: source)
    }

    private static func metadata(from value: HeaderJSON, source: String) throws(SafeTensorsError) -> [String: String] {
        guard case let .object(pairs) = value else { throw .metadataNotStrings(file: source, key: nil) }
        var result: [String: String] = [:]
        for pair in pairs {
            let key = pair.key, item = pair.value
            guard case let .string(text) = item else { throw .metadataNotStrings(file: source, key: key) }
            result[key] = text
        }
        return result
    }

    private static func entry(
        name: String, value: HeaderJSON, bufferSize: Int, source: String
    ) throws(SafeTensorsError) -> SafeTensorsEntry {
        guard case let .object(fields) = value else {
            throw .malformedEntry(file: source, tensor: name, reason: "the entry is not an object")
        }
        var dtypeName: String?
        var shape: [Int]?
        var offsets: [Int]?
        for entryField in fields {
            let key = entryField.key, field = entryField.value
            switch key {
            case "dtype":
                guard case let .string(text) = field else {
                    throw .malformedEntry(file: source, tensor: name, reason: "dtype is not a string")
                }
                dtypeName = text
            case "shape":
                shape = try nonNegativeIntegers(field, what: "shape", tensor: name, source: source)
            case "data_offsets":
                offsets = try nonNegativeIntegers(field, what: "data_offsets", tensor: name, source: source)
            default:
                throw .malformedEntry(file: source, tensor: name, reason: "unexpected field \"\(key)\"")
            }
        }
        guard let dtypeName else { throw .malformedEntry(file: source, tensor: name, reason: "dtype is missing") }
        guard let shape else { throw .malformedEntry(file: source, tensor: name, reason: "shape is missing") }
        guard let offsets else { throw .malformedEntry(file: source, tensor: name, reason: "data_offsets is missing") }
        guard offsets.count == 2 else {
            throw .malformedEntry(file: source, tensor: name, reason: "data_offsets must be [begin, end]")
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw .unknownDType(file: source, tensor: name, dtype: dtypeName)
        }
        guard dtype.isFloatingPointSupported else {
            throw .unsupportedDType(file: source, tensor: name, dtype: dtypeName)
        }
        let begin = offsets[0], end = offsets[1]
        guard begin <= end, end <= bufferSize else {
            throw .offsetsOutOfFile(file: source, tensor: name, begin: begin, end: end, bufferSize: bufferSize)
        }
        var byteCount = dtype.size
        for dimension in shape {
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw .shapeOverflow(file: source, tensor: name, shape: shape) }
            byteCount = product
        }
        guard byteCount == end - begin else {
            throw .sizeMismatch(file: source, tensor: name, expectedBytes: byteCount, actualBytes: end - begin)
        }
        return SafeTensorsEntry(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    private static func nonNegativeIntegers(
        _ value: HeaderJSON, what: String, tensor: String, source: String
    ) throws(SafeTensorsError) -> [Int] {
        guard case let .array(items) = value else {
            throw .malformedEntry(file: source, tensor: tensor, reason: "\(what) is not an array")
        }
        var result: [Int] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard case let .integer(number) = item, number >= 0 else {
                throw .malformedEntry(file: source, tensor: tensor, reason: "\(what) must hold non-negative integers")
            }
            result.append(number)
        }
        return result
    }

    /// The specification requires the buffer to be entirely indexed: no holes (which would let a
    /// file smuggle other content) and no overlaps (which would alias two tensors).
    private static func checkTiling(
        _ entries: [SafeTensorsEntry], bufferSize: Int, source: String
    ) throws(SafeTensorsError) {
        let ordered = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var covered = 0
        var previous: SafeTensorsEntry?
        for entry in ordered {
            if entry.begin < covered, let previous {
                throw .overlappingTensors(file: source, first: previous.name, second: entry.name)
            }
            if entry.begin > covered {
                throw .gapInBuffer(file: source, at: covered, before: entry.name)
            }
            covered = entry.end
            if entry.end > entry.begin { previous = entry }
        }
        guard covered == bufferSize else {
            throw .trailingBytes(file: source, indexed: covered, bufferSize: bufferSize)
        }
    }
}
