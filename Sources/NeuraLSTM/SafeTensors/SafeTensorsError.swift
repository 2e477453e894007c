/// Why a safetensors file could not be read or written. Every message names the file.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    case fileTooLarge(file: String, size: Int, limit: Int)
    case tooShort(file: String, size: Int)
    case headerTooLarge(file: String, headerSize: UInt64, limit: Int)
    case headerPastEnd(file: String, headerSize: UInt64, fileSize: Int)
    case headerNotJSON(file: String, reason: String)
    case headerNotObject(file: String)
    case duplicateName(file: String, name: String)
    case metadataNotStrings(file: String, key: String?)
    case malformedEntry(file: String, tensor: String, reason: String)
    case unknownDType(file: String, tensor: String, dtype: String)
    case unsupportedDType(file: String, tensor: String, dtype: String)
    case shapeOverflow(file: String, tensor: String, shape: [Int])
    case sizeMismatch(file: String, tensor: String, expectedBytes: Int, actualBytes: Int)
    case offsetsOutOfFile(file: String, tensor: String, begin: Int, end: Int, bufferSize: Int)
    case overlappingTensors(file: String, first: String, second: String)
    case gapInBuffer(file: String, at: Int, before: String?)
    case trailingBytes(file: String, indexed: Int, bufferSize: Int)
    case invalidTensorToWrite(file: String, tensor: String, reason: String)
    case ioFailure(file: String, operation: String, reason: String)
    /// The file could not be written; `reason` is `AtomicFile`'s, in the words every writer uses.
    case unwritable(file: String, reason: String)

    public var description: String {
        switch self {
        case let .fileTooLarge(file, size, limit):
            return "\(file): \(size) bytes is larger than the \(limit)-byte limit for safetensors files"
        case let .tooShort(file, size):
            return "\(file): \(size) bytes is too short for a safetensors file (the header length alone takes 8)"
        case let .headerTooLarge(file, headerSize, limit):
            return "\(file): the header claims \(headerSize) bytes, more than the \(limit)-byte limit"
        case let .headerPastEnd(file, headerSize, fileSize):
            return "\(file): the header claims \(headerSize) bytes but the file has only \(fileSize) bytes"
        case let .headerNotJSON(file, reason):
            return "\(file): the header is not valid JSON: \(reason)"
        case let .headerNotObject(file):
            return "\(file): the header must be a JSON object of tensor entries"
        case let .duplicateName(file, name):
            return "\(file): the header names \"\(name)\" twice"
        case let .metadataNotStrings(file, key):
            if let key { return "\(file): __metadata__ value for \"\(key)\" is not a string" }
            return "\(file): __metadata__ must be an object of string values"
        case let .malformedEntry(file, tensor, reason):
            return "\(file): tensor \"\(tensor)\": \(reason)"
        case let .unknownDType(file, tensor, dtype):
            return "\(file): tensor \"\(tensor)\" has unknown dtype \"\(dtype)\""
        case let .unsupportedDType(file, tensor, dtype):
            return "\(file): tensor \"\(tensor)\" has dtype \(dtype); NeuraScore reads only F32, F16 and BF16"
        case let .shapeOverflow(file, tensor, shape):
            return "\(file): tensor \"\(tensor)\" has shape \(shape), whose size overflows"
        case let .sizeMismatch(file, tensor, expectedBytes, actualBytes):
            return "\(file): tensor \"\(tensor)\" needs \(expectedBytes) bytes for its shape and dtype but its offsets span \(actualBytes)"
        case let .offsetsOutOfFile(file, tensor, begin, end, bufferSize):
            return "\(file): tensor \"\(tensor)\" has data_offsets [\(begin), \(end)] outside the \(bufferSize)-byte data buffer"
        case let .overlappingTensors(file, first, second):
            return "\(file): tensors \"\(first)\" and \"\(second)\" overlap in the data buffer"
        case let .gapInBuffer(file, at, before):
            let next = before.map { " before tensor \"\($0)\"" } ?? ""
            return "\(file): the data buffer has unindexed bytes at offset \(at)\(next)"
        case let .trailingBytes(file, indexed, bufferSize):
            return "\(file): tensors cover \(indexed) bytes but the data buffer has \(bufferSize); the rest is unindexed"
        case let .invalidTensorToWrite(file, tensor, reason):
            return "\(file): cannot write tensor \"\(tensor)\": \(reason)"
        case let .ioFailure(file, operation, reason):
            return "\(file): \(operation) failed: \(reason)"
        case let .unwritable(file, reason):
            return "cannot write \(file): \(reason)"
        }
    }
}
