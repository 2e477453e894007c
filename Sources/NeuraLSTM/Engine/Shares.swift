import Dispatch

/// Element-wise work shared out over the engine's threads.
enum Shares {
    /// Calls `body` once for each contiguous share of 0..<count, in parallel on up to `threads`
    /// threads, each share at least `minimum` long (so small loops stay on the calling thread).
    /// `body` must only write elements of its own share.
    static func forEach(_ count: Int, minimum: Int, threads: Int = BLAS.threadCount, _ body: (Range<Int>) -> Void) {
        let parts = max(1, min(threads, count / max(1, minimum)))
        guard parts > 1 else { return body(0..<count) }
        let size = (count + parts - 1) / parts
        // Shares never overlap and concurrentPerform returns only when all are done.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            body(part * size..<min(count, (part + 1) * size))
        }
    }
}
