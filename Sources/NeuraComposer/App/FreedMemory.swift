import CNcurses

/// A generation streams thousands of small events through the inbox; when the UI thread is
/// starved they pile up, and glibc keeps the freed pages afterwards. Handing them back once a
/// job ends keeps the idle footprint closer to that of the music than of the busiest moment.
enum FreedMemory {
    static func release() {
        ns_release_freed_memory()
    }
}

extension Action {
    /// Whether this action ends a generation job, however it ended.
    var endsGeneration: Bool {
        switch self {
        case .generationFinished, .generationCancelled, .generationFailed: true
        default: false
        }
    }
}
