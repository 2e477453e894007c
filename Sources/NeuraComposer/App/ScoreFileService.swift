import NeuraMusic

/// Reading and writing scores as MIDI files, for `:e`, `:w` and opening a file at start-up.
/// NeuraMusic's MIDI reader and writer implement it; the composer never parses MIDI itself.
/// Both calls run on a background queue; throw typed errors whose descriptions name the file.
public protocol ScoreFileService: Sendable {
    func readScore(atPath path: String) throws -> Score
    func writeScore(_ score: Score, toPath path: String) throws
}
