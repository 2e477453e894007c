import Dispatch

/// Work shared out over the engine's threads: one contiguous share of a range per thread.
enum Shares {
    /// Contiguous shares of 0..<count for up to `threads` threads, each at least `minimum` long
    /// (so small loops stay on one thread) and a multiple of `alignment` except the last.
    static func ranges(_ count: Int, minimum: Int, alignment: Int = 1, threads: Int) -> [Range<Int>] {
        let parts = max(1, min(threads, count / max(1, minimum)))
        let size = max(1, ((count + parts - 1) / parts + alignment - 1) / alignment * alignment)
        return stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    }

    /// Calls `body` once for each of `ranges(…)`, in parallel when there is more than one.
    /// `body` must only write what belongs to its own share.
    static func forEach(
        _ count: Int, minimum: Int, alignment: Int = 1, threads: Int = BLAS.threadCount,
        _ body: (Range<Int>) -> Void
    ) {
        forEach(ranges(count, minimum: minimum, alignment: alignment, threads: threads), body)
    }

    /// Calls `body` once for each share, in parallel when there is more than one.
    static func forEach(_ shares: [Range<Int>], _ body: (Range<Int>) -> Void) {
        guard shares.count > 1 else { return shares.forEach(body) }
        // Shares never overlap and concurrentPerform returns only when all are done.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: shares.count) { body(shares[$0]) }
    }
}
