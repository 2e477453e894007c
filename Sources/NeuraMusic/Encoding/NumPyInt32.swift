import Foundation

public enum NumPyError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case notNumPy(source: String)
    case unsupportedVersion(source: String, major: UInt8)
    case unsupportedHeader(source: String, detail: String)
    case truncated(source: String, expectedBytes: Int, actualBytes: Int)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read the file: \(reason)"
        case .notNumPy(let source): return "\(source): not a NumPy .npy file (no \\x93NUMPY magic)"
        case .unsupportedVersion(let source, let major): return "\(source): .npy format version \(major) is not supported (1–3 are)"
        case .unsupportedHeader(let source, let detail): return "\(source): unsupported .npy header: \(detail)"
        case .truncated(let source, let expectedBytes, let actualBytes):
            return "\(source): the header promises \(expectedBytes) data bytes, the file has \(actualBytes)"
        case .cannotWrite(let path, let reason): return "\(path): cannot write the file: \(reason)"
        }
    }
}

/// 1-D little-endian int32 arrays in the NumPy `.npy` format: what token files hold.
///
/// The header is always padded to `headerSize` bytes, so a writer can put the final shape
/// in place after streaming the data, and the data starts 64-byte aligned as NumPy asks.
public enum NumPyInt32 {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    static let headerSize = 128

    /// A version 1.0 header for `count` values, `headerSize` bytes long.
    static func header(count: Int) -> [UInt8] {
        var dictionary = "{'descr': '<i4', 'fortran_order': False, 'shape': (\(count),), }"
        let prefixSize = magic.count + 2 + 2
        dictionary += String(repeating: " ", count: headerSize - prefixSize - dictionary.utf8.count - 1) + "\n"
        let length = UInt16(dictionary.utf8.count)
        return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(dictionary.utf8)
    }

    public static func bytes(_ values: [Int32]) -> [UInt8] {
        header(count: values.count) + dataBytes(values)
    }

    /// The values as little-endian bytes, whatever the machine's byte order.
    static func dataBytes(_ values: [Int32]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 * values.count)
        for value in values {
            let bits = UInt32(bitPattern: value)
            out += [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
        }
        return out
    }

    /// Atomic: the file appears complete or not at all.
    public static func write(_ values: [Int32], to url: URL) throws {
        try AtomicFile.write(bytes(values), to: url)
    }

    public static func read(contentsOf url: URL) throws -> [Int32] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NumPyError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try read(bytes: [UInt8](data), source: url.path)
    }

    public static func read(bytes: [UInt8], source: String) throws -> [Int32] {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw NumPyError.notNumPy(source: source) }
        let major = bytes[6]
        let headerLength: Int
        let dataStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            dataStart = 10 + headerLength
        case 2, 3:
            guard bytes.count >= 12 else { throw NumPyError.notNumPy(source: source) }
            headerLength = (8..<12).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 8)) }
            dataStart = 12 + headerLength
        default:
            throw NumPyError.unsupportedVersion(source: source, major: major)
        }
        guard dataStart <= bytes.count else {
            throw NumPyError.truncated(source: source, expectedBytes: dataStart, actualBytes: bytes.count)
        }
        let header = String(decoding: bytes[(dataStart - headerLength)..<dataStart], as: UTF8.self)
        let count = try elementCount(inHeader: header, source: source)
        let available = bytes.count - dataStart
        // Checked before allocating: the count comes from the file.
        guard count <= available / 4, available == 4 * count else {
            let expected = count > Int.max / 4 ? Int.max : 4 * count
            throw NumPyError.truncated(source: source, expectedBytes: expected, actualBytes: available)
        }
        return (0..<count).map { index in
            let at = dataStart + 4 * index
            let bits = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            return Int32(bitPattern: bits)
        }
    }

    /// Checks the header describes a C-order 1-D `<i4` array and returns its length.
    private static func elementCount(inHeader header: String, source: String) throws -> Int {
        func value(of key: String) -> Substring? {
            guard let keyRange = header.range(of: "'\(key)':") else { return nil }
            return header[keyRange.upperBound...].drop { $0 == " " }
        }
        guard let descr = value(of: "descr"), descr.hasPrefix("'<i4'") else {
            throw NumPyError.unsupportedHeader(source: source, detail: "dtype is not '<i4' in \(header.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard let order = value(of: "fortran_order"), order.hasPrefix("False") else {
            throw NumPyError.unsupportedHeader(source: source, detail: "fortran_order is not False")
        }
        guard let shape = value(of: "shape"), shape.hasPrefix("("), let close = shape.firstIndex(of: ")") else {
            throw NumPyError.unsupportedHeader(source: source, detail: "no shape")
        }
        let dimensions = shape[shape.index(after: shape.startIndex)..<close]
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard dimensions.count == 1, let count = Int(dimensions[0]), count >= 0 else {
            throw NumPyError.unsupportedHeader(source: source, detail: "shape (\(dimensions.joined(separator: ", "))) is not one-dimensional")
        }
        return count
    }
}

/// Streams int32 values into a `.npy` file without holding them all: the data goes to a
/// temporary file beside the destination, the header's shape is filled in at `finish()`, and
/// only then is the file flushed and renamed into place, as `AtomicFile` does. A writer that
/// fails, or is dropped unfinished, removes its temporary file and leaves any old file alone.
public final class NumPyInt32Writer {
    public let url: URL
    private let temporaryPath: String
    private var descriptor: Int32
    public private(set) var count = 0
    private var finished = false

    public init(url: URL) throws {
        self.url = url
        temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        AtomicFile.removeStaleTemporaryFiles(of: url)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw NumPyError.cannotWrite(path: url.path, reason: "cannot create a temporary file: \(Self.errnoText())")
        }
        try writeAll(NumPyInt32.header(count: 0))
    }

    deinit {
        if !finished { abandon() }
    }

    public func append(_ values: [Int32]) throws {
        try writeAll(NumPyInt32.dataBytes(values))
        count += values.count
    }

    /// Writes the final header, flushes and renames into place. `beforeRename` runs once the
    /// data is safely on disk, just before the rename: a file that goes with this one (the token
    /// manifest) is written there, so that if it fails, neither file is replaced.
    public func finish(beforeRename: () throws -> Void = {}) throws {
        guard !finished else { return }
        guard descriptor >= 0 else { throw NumPyError.cannotWrite(path: url.path, reason: "an earlier write failed") }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw failure("seeking to the header failed") }
        try writeAll(NumPyInt32.header(count: count))
        guard fsync(descriptor) == 0 else { throw failure("flushing to disk failed") }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw failure("closing the temporary file failed") }
        do {
            try beforeRename()
        } catch {
            abandon()
            throw error
        }
        guard rename(temporaryPath, url.path) == 0 else { throw failure("cannot replace the destination") }
        finished = true
        AtomicFile.syncDirectory(url.deletingLastPathComponent().path)
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        guard AtomicFile.writeFully(descriptor, bytes) else { throw failure("writing failed") }
    }

    /// The error for the failed step, after removing the temporary file.
    private func failure(_ step: String) -> NumPyError {
        let full = errno == ENOSPC || errno == EFBIG || errno == EDQUOT
        let reason = "\(step): \(Self.errnoText())" + (full ? " (the disk is full or the file size limit was reached)" : "")
        abandon()
        return .cannotWrite(path: url.path, reason: reason)
    }

    private func abandon() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
