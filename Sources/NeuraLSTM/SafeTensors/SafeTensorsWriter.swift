import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeTensors {
    /// The element types NeuraScore writes.
    public enum StorageType: Sendable {
        case f32, f16, bf16

        var dtype: SafeTensorsDType {
            switch self {
            case .f32: return .f32
            case .f16: return .f16
            case .bf16: return .bf16
            }
        }
    }

    /// Writes `file` atomically: the bytes go to a temporary file in the same directory, which is
    /// flushed to disk and then renamed over `url`, so readers see the old file or the new one,
    /// never a partial one.
    public static func write(_ file: SafeTensorsFile, dtype: StorageType, to url: URL) throws(SafeTensorsError) {
        let bytes = try encode(file, dtype: dtype, source: url.path)
        try AtomicFile.write(bytes, to: url)
    }

    /// The bytes of a safetensors file: tensors sorted by name and packed contiguously, the header
    /// padded with spaces so that the data buffer starts 8-byte aligned (as the Python library does).
    public static func encode(
        _ file: SafeTensorsFile, dtype: StorageType, source: String = "<memory>"
    ) throws(SafeTensorsError) -> [UInt8] {
        let names = file.tensors.keys.sorted()
        let elementSize = dtype.dtype.size
        var header = "{"
        var needsComma = false
        if !file.metadata.isEmpty {
            header += "\"__metadata__\":{"
            header += file.metadata.keys.sorted().map { key in
                "\(jsonString(key)):\(jsonString(file.metadata[key]!))"
            }.joined(separator: ",")
            header += "}"
            needsComma = true
        }
        var offset = 0
        for name in names {
            let tensor = file.tensors[name]!
            guard name != "__metadata__", !name.isEmpty else {
                throw .invalidTensorToWrite(file: source, tensor: name, reason: "the name is reserved or empty")
            }
            guard tensor.shape.allSatisfy({ $0 >= 0 }) else {
                throw .invalidTensorToWrite(file: source, tensor: name, reason: "shape \(tensor.shape) has a negative dimension")
            }
            var count = 1
            for dimension in tensor.shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                guard !overflow else {
                    throw .invalidTensorToWrite(file: source, tensor: name, reason: "shape \(tensor.shape) overflows")
                }
                count = product
            }
            guard count == tensor.values.count else {
                throw .invalidTensorToWrite(
                    file: source, tensor: name,
                    reason: "shape \(tensor.shape) needs \(count) values but it has \(tensor.values.count)")
            }
            let end = offset + count * elementSize
            if needsComma { header += "," }
            needsComma = true
            let shapeText = tensor.shape.map(String.init).joined(separator: ",")
            header += "\(jsonString(name)):{\"dtype\":\"\(dtype.dtype.rawValue)\",\"shape\":[\(shapeText)],\"data_offsets\":[\(offset),\(end)]}"
            offset = end
        }
        header += "}"
        var headerBytes = Array(header.utf8)
        while (8 + headerBytes.count) % 8 != 0 { headerBytes.append(0x20) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        let headerLength = UInt64(headerBytes.count)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: headerLength >> UInt64(shift))) }
        bytes.append(contentsOf: headerBytes)
        for name in names {
            appendValues(file.tensors[name]!.values, as: dtype, to: &bytes)
        }
        return bytes
    }

    private static func appendValues(_ values: [Float], as dtype: StorageType, to bytes: inout [UInt8]) {
        switch dtype {
        case .f32:
            for value in values {
                let bits = value.bitPattern
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 24))
            }
        case .f16, .bf16:
            for value in values {
                let bits = dtype == .f16 ? FloatConversion.half(from: value) : FloatConversion.bfloat16(from: value)
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
            }
        }
    }

    /// A JSON string literal; escapes what JSON requires and leaves other Unicode as UTF-8.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// Temp file in the same directory + fsync + rename + fsync of the directory, so that a crash,
/// a power cut or a full disk never leaves a half-written file under the final name, nor a
/// temporary file behind. NeuraLSTM may not import NeuraMusic, whose `AtomicFile` does the same.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to url: URL) throws(SafeTensorsError) {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporaryPath = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        removeStaleTemporaryFiles(of: url)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw .ioFailure(file: path, operation: "create a temporary file in \(directory)", reason: errnoText())
        }
        var failure: SafeTensorsError?
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let result = systemWrite(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    let full = errno == ENOSPC || errno == EFBIG || errno == EDQUOT
                    let reason = errnoText() + (full ? " (the disk is full or the file size limit was reached)" : "")
                    failure = .ioFailure(file: path, operation: "write", reason: reason)
                    return
                }
                written += result
            }
        }
        if failure == nil, fsync(descriptor) != 0 {
            failure = .ioFailure(file: path, operation: "fsync", reason: errnoText())
        }
        if close(descriptor) != 0, failure == nil {
            failure = .ioFailure(file: path, operation: "close", reason: errnoText())
        }
        if failure == nil, rename(temporaryPath, path) != 0 {
            failure = .ioFailure(file: path, operation: "rename into place", reason: errnoText())
        }
        if let failure {
            unlink(temporaryPath)
            throw failure
        }
        // The rename is durable only once the directory is flushed; failing that keeps the old file.
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Removes `.NAME.tmp-PID-N` files that a killed writer left, when their process is gone
    /// (a live PID keeps its file); NeuraMusic's `AtomicFile` does the same.
    private static func removeStaleTemporaryFiles(of url: URL) {
        let directory = url.deletingLastPathComponent().path
        let prefix = "." + url.lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            let fields = name.dropFirst(prefix.count).split(separator: "-")
            guard fields.count == 2, let pid = Int32(fields[0]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }

    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, buffer, count)
        #else
        return Darwin.write(descriptor, buffer, count)
        #endif
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
