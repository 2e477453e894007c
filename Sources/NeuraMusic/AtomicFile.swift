import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum AtomicFileError: Error, CustomStringConvertible, Equatable, Sendable {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "\(path): cannot write the file: \(reason)"
        }
    }
}

/// Writes a whole file or nothing: the bytes go to a temporary file in the destination's
/// directory, which is flushed to disk and then renamed over the destination. A crash or
/// a full disk leaves the old file (or no file) in place, never half of a new one. The
/// temporary file sits in the same directory because rename is atomic only within one
/// file system.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to url: URL) throws(AtomicFileError) {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporaryPath = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        func failure(_ step: String) -> AtomicFileError {
            .cannotWrite(path: path, reason: "\(step): \(String(cString: strerror(errno)))")
        }

        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o666)
        guard descriptor >= 0 else { throw failure("cannot create a temporary file in \(directory)") }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporaryPath) }
        }

        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let error = failure("writing failed")
                close(descriptor)
                throw error
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let error = failure("flushing to disk failed")
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw failure("closing the temporary file failed") }
        guard rename(temporaryPath, path) == 0 else { throw failure("cannot replace the destination") }
        succeeded = true

        // Persist the rename itself; losing only this step leaves the old file, so it is not an error.
        let directoryDescriptor = open(directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }
}

/// `write(2)`, named apart from `AtomicFile.write` so the call inside it is unambiguous.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, buffer, count)
    #else
    return Darwin.write(descriptor, buffer, count)
    #endif
}
