import Foundation
import Testing

/// A private tmux server (its own `-L` socket), so tests never touch a user's sessions.
///
/// Every tmux client is started with posix_spawn and reaped with waitpid. Foundation's
/// Process is not used here: `new-session` forks the server, which outlives the client, and
/// Foundation then waited for ever on the client it had started.
final class Tmux: @unchecked Sendable {
    let socket: String
    /// The session of the latest `start`; each start makes a new one, so a restart never
    /// races the teardown of the last.
    private(set) var session = "composer-0"
    private var starts = 0

    init(socket: String = "neurascore-test-\(UUID().uuidString.prefix(8))") {
        self.socket = socket
    }

    static var isInstalled: Bool {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs one tmux client to completion and returns what it printed.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let status = try Self.spawnAndWait(["tmux", "-L", socket] + arguments, stdoutPath: output.path)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == 0 || arguments.first == "list-sessions" || arguments.first == "kill-server" else {
            throw TmuxFailure(arguments: arguments, status: status)
        }
        return text
    }

    /// Starts `command` in a detached session of the given size.
    func start(_ command: String, width: Int, height: Int) throws {
        let previous = starts > 0 ? session : nil
        starts += 1
        session = "composer-\(starts)"
        try run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
        // Keep the pane after the program ends, so its last screen can still be read.
        try run(["set-option", "-t", session, "remain-on-exit", "on"])
        if let previous { _ = try? run(["kill-session", "-t", previous]) }
    }

    func screen() throws -> String { try run(["capture-pane", "-p", "-t", session]) }

    func keys(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys) }

    /// Types a `:` command line and presses Enter.
    func command(_ text: String) throws {
        try run(["send-keys", "-t", session, "-l", text])
        try run(["send-keys", "-t", session, "Enter"])
    }

    /// Polls the screen until `condition` holds; fails the test with the last screen otherwise.
    @discardableResult
    func waitUntil(_ what: String, timeout: TimeInterval = 30, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("the screen never showed \(what); it shows:\n\(last)")
        throw TmuxFailure(arguments: ["wait for \(what)"], status: -1)
    }

    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 30) throws -> String {
        try waitUntil("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Waits for a status message such as "wrote …/take.mid": the status line may shorten the
    /// folders of a long path, never the file name.
    @discardableResult
    func waitFor(_ verb: String, file: URL, timeout: TimeInterval = 30) throws -> String {
        try waitUntil("\"\(verb) …/\(file.lastPathComponent)\"", timeout: timeout) { screen in
            screen.split(separator: "\n").contains { $0.contains("\(verb) ") && $0.contains("/\(file.lastPathComponent)") }
        }
    }

    /// The process id of the program in the pane, or nil once it has ended.
    func programPID() throws -> pid_t? {
        let fields = try run(["display-message", "-p", "-t", session, "#{pane_dead} #{pane_pid}"])
            .split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard fields.count == 2, fields[0] == "0" else { return nil }
        return pid_t(fields[1])
    }

    func waitForExit(timeout: TimeInterval = 15) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try programPID() == nil { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("the composer did not exit; its screen:\n\((try? screen()) ?? "")")
        throw TmuxFailure(arguments: ["wait for exit"], status: -1)
    }

    /// SIGKILL to the composer itself: no handler runs, only what is already on disk survives.
    func killProgramHard() throws {
        guard let pid = try programPID() else { return }
        kill(pid, SIGKILL)
        try waitForExit()
    }

    /// Ends the session (and with it the server, once it has no session left).
    func stop() {
        _ = try? run(["kill-server"])
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(directory)/tmux-\(getuid())/\(socket)")
    }

    private static func spawnAndWait(_ arguments: [String], stdoutPath: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        // tmux refuses to start without a terminal type, which CI does not set.
        if environment["TERM"].map({ $0.isEmpty || $0 == "dumb" }) ?? true { environment["TERM"] = "xterm-256color" }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        // The test runner's threads may block or ignore signals, and the composer under tmux
        // would inherit that: start every client with an empty mask and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw TmuxFailure(arguments: arguments, status: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw TmuxFailure(arguments: arguments, status: errno) }
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }
}

struct TmuxFailure: Error, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var description: String { "tmux \(arguments.joined(separator: " ")) failed (status \(status))" }
}
