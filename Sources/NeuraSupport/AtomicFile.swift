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
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}

/// Writes a whole file or nothing, durably: the bytes go to a temporary file in the
/// destination's directory (rename is atomic only within one file system), which is flushed to
/// disk, renamed over the destination, and then the directory is flushed so the rename itself
/// survives a power cut. A crash, a full disk or a size limit leaves the old file (or no file)
/// in place, never half of a new one, and no temporary file behind.
public enum AtomicFile {
    /// `permissions` apply to a new file (less the umask); sessions pass 0o600.
    public static func write(_ bytes: [UInt8], to url: URL, permissions: mode_t = 0o666) throws(AtomicFileError) {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporaryPath = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

        func failure(_ step: String) -> AtomicFileError {
            let full = errno == ENOSPC || errno == EFBIG || errno == EDQUOT
            let hint = full ? " (the disk is full or the file size limit was reached)" : ""
            return .cannotWrite(path: path, reason: "\(step): \(String(cString: strerror(errno)))\(hint)")
        }

        try checkDestination(url)
        removeStaleTemporaryFiles(of: url)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw failure("cannot create a temporary file in \(directory)") }
        var renamed = false
        var closed = false
        defer {
            if !closed { close(descriptor) }
            if !renamed { unlink(temporaryPath) }
        }

        guard writeFully(descriptor, bytes) else { throw failure("writing failed") }
        guard fsync(descriptor) == 0 else { throw failure("flushing to disk failed") }
        closed = true
        guard close(descriptor) == 0 else { throw failure("closing the temporary file failed") }
        guard rename(temporaryPath, path) == 0 else { throw failure("cannot replace the destination") }
        renamed = true
        syncDirectory(directory)
    }

    /// Why nothing could be written at `url`, in the words every writer uses (the CLI before it
    /// samples or trains, `:w` and `:render` in the composer): the folder does not exist or is
    /// not writable, or the path is a folder. nil when a write may go ahead.
    public static func destinationProblem(_ url: URL) -> String? {
        let manager = FileManager.default
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue { return "it is a folder" }
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory) else { return "the folder \(folder) does not exist" }
        guard isDirectory.boolValue else { return "\(folder) is not a folder" }
        guard manager.isWritableFile(atPath: folder) else { return "the folder \(folder) is not writable" }
        return nil
    }

    /// Fails with `destinationProblem`'s reason, so a command can check before long work.
    public static func checkDestination(_ url: URL) throws(AtomicFileError) {
        if let problem = destinationProblem(url) { throw .cannotWrite(path: url.path, reason: problem) }
    }

    /// A writer killed mid-write (kill -9, a power cut) leaves its `.NAME.tmp-PID-N` behind.
    /// The next write of the same file removes those whose process is gone; a live PID, even
    /// an unrelated process that reused it, keeps its file, so a concurrent writer is never hurt.
    public static func removeStaleTemporaryFiles(of url: URL) {
        let directory = url.deletingLastPathComponent().path
        let prefix = "." + url.lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            let fields = name.dropFirst(prefix.count).split(separator: "-")
            guard fields.count == 2, let pid = Int32(fields[0]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }

    /// Under a file size limit (`ulimit -f`) the kernel kills a process whose write crosses it
    /// with SIGXFSZ, which would leave a temporary file behind and say nothing useful. Ignoring
    /// the signal makes such a write fail with EFBIG instead, which `write` reports and cleans
    /// up like a full disk. Programs call this once at start-up.
    public static func reportFileSizeLimitAsAnError() {
        signal(SIGXFSZ, SIG_IGN)
    }

    /// Writes every byte, retrying short writes and EINTR; false (with errno set) on failure.
    /// For writers that stream into their own temporary file (the NumPy token writer).
    public static func writeFully(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += result
        }
        return true
    }

    /// Persists a rename into `directory`. Losing only this step leaves the old file in place,
    /// so a failure here is not an error.
    public static func syncDirectory(_ directory: String) {
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
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
