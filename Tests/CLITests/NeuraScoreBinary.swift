import Foundation
import Testing

/// What one run of the `neurascore` binary did.
struct CommandResult: Sendable {
    var exitCode: Int32
    var stdout: String
    var stderr: String
    /// True when the run outlived its timeout and was killed; `exitCode` is then meaningless.
    var timedOut: Bool
    /// True when `killAfter` ran out first and the process got SIGKILL.
    var killed = false
}

/// Runs the built `neurascore` executable as a user would, for end-to-end tests.
///
/// The binary is found next to the test bundle (SwiftPM builds it into the same products
/// directory, whatever the scratch path), or at `$NEURASCORE_BINARY` when that is set.
enum NeuraScoreBinary {
    static func url() throws -> URL {
        if let override = ProcessInfo.processInfo.environment["NEURASCORE_BINARY"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var directories: [URL] = []
        for url in [Bundle.main.executableURL, Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])]
            .compactMap({ $0 }) {
            // On Linux the test runner is an executable in the products directory; on macOS
            // it is an .xctest bundle inside it, so look up a few levels.
            var directory = url.deletingLastPathComponent()
            for _ in 0..<4 {
                directories.append(directory)
                directory = directory.deletingLastPathComponent()
            }
        }
        for directory in directories {
            let candidate = directory.appendingPathComponent("neurascore")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        Issue.record("the neurascore binary is not next to the test bundle; searched \(directories.map(\.path))")
        throw CocoaError(.fileNoSuchFile)
    }

    /// Runs with stdin closed. Output goes through files, not pipes, so a chatty command
    /// cannot fill a pipe and hang.
    /// `executable` runs another program the same way (the PyTorch scripts, for round trips).
    ///
    /// `fileSizeLimit` (bytes, a multiple of 512) runs the binary under `ulimit -f`. The binary
    /// ignores SIGXFSZ itself, so a write past the limit fails with EFBIG as on a full disk; the
    /// limit also bounds what the command can write to stdout and stderr. `killAfter` sends SIGKILL after that
    /// many seconds if the command is still running: a crash or power cut, as far as its
    /// files can tell. `killWhen` does the same as soon as it returns true (it is polled every
    /// few milliseconds while the command runs).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60,
        fileSizeLimit: Int? = nil, killAfter: TimeInterval? = nil, killWhen: (() -> Bool)? = nil,
        executable: URL? = nil
    ) throws -> CommandResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdoutHandle.close()
            try? stderrHandle.close()
        }

        let process = Process()
        if let fileSizeLimit {
            // dash's `ulimit -f` counts 512-byte blocks.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -f \(fileSizeLimit / 512) && exec \"$0\" \"$@\"", try executable?.path ?? url().path]
                + arguments
        } else {
            process.executableURL = try executable ?? url()
            process.arguments = arguments
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        try process.run()

        let started = Date()
        let deadline = started.addingTimeInterval(timeout)
        var killed = false
        while process.isRunning && Date() < deadline {
            if killWhen?() == true || killAfter.map({ Date().timeIntervalSince(started) >= $0 }) == true {
                kill(process.processIdentifier, SIGKILL)
                killed = true
                break
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
        let timedOut = !killed && process.isRunning
        if timedOut {
            process.terminate()
            let grace = Date().addingTimeInterval(2)
            while process.isRunning && Date() < grace { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        // A process that ended by itself just before the kill was not killed.
        killed = killed && process.terminationReason == .uncaughtSignal
        return CommandResult(
            exitCode: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self),
            timedOut: timedOut, killed: killed)
    }

    /// A file of the source tree, for fixtures shared with other test targets.
    static func repositoryFile(_ relativePath: String, from filePath: String = #filePath) -> URL {
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/",
              !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent(relativePath)
    }
}
