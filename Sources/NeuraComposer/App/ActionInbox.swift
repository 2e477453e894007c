import Foundation

/// Where background work leaves actions for the UI thread. Posting also writes a byte to a
/// pipe, so the UI loop can wait on the keyboard and on workers in one `poll`.
public final class ActionInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [Action] = []
    /// [read end, write end]; the read end is what the loop polls.
    private var wakePipe: [Int32] = [-1, -1]

    public init() {
        var descriptors: [Int32] = [-1, -1]
        if pipe(&descriptors) == 0 {
            for descriptor in descriptors {
                _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            }
            wakePipe = descriptors
        }
    }

    deinit {
        for descriptor in wakePipe where descriptor >= 0 { close(descriptor) }
    }

    public var wakeDescriptor: Int32 { wakePipe[0] }
    /// The end a signal handler may write to, to wake the loop.
    public var wakeWriteDescriptor: Int32 { wakePipe[1] }

    public func post(_ action: Action) {
        lock.withLock { pending.append(action) }
        var byte: UInt8 = 1
        // A full pipe already means "wake up"; the byte is only a signal.
        _ = write(wakePipe[1], &byte, 1)
    }

    /// Everything posted so far, oldest first.
    public func drain() -> [Action] {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(wakePipe[0], &scratch, scratch.count) > 0 {}
        return lock.withLock {
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
