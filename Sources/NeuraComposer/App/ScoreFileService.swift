import Foundation
import NeuraCore
import NeuraMusic

/// What `:w` writes: the user's notes on a track per part and the current variation on its
/// own tracks, with the settings that reproduce the take.
public struct ExportedTake: Hashable, Sendable {
    public var seed: Score
    public var generated: [Note]
    public var takeInfo: [String: String]
    /// A GM program for every generated track in place of its part's (`:program gen`); nil: the part's.
    public var generatedProgram: Int?

    public init(seed: Score, generated: [Note], takeInfo: [String: String], generatedProgram: Int? = nil) {
        self.seed = seed
        self.generated = generated
        self.takeInfo = takeInfo
        self.generatedProgram = generatedProgram
    }

    /// What the MIDI writer needs besides the notes: each part plays with its own program.
    public func exportOptions(title: String) -> ExportOptions {
        ExportOptions(generatedProgram: generatedProgram, title: title, takeInfo: takeInfo)
    }
}

/// Reading and writing scores as MIDI files, for `:e`, `:w` and opening a file at start-up.
/// NeuraMusic's MIDI reader and writer implement it; the composer never parses MIDI itself.
/// Both calls run on a background queue; throw typed errors whose descriptions name the file.
public protocol ScoreFileService: Sendable {
    /// The score on the composer's grid, with what was changed on the way in.
    func readScore(atPath path: String, stepsPerQuarter: Int) throws -> (score: Score, report: ImportReport)
    func writeTake(_ take: ExportedTake, toPath path: String) throws
}

/// The real files: NeuraMusic's reader, quantiser and atomic writer.
public struct MIDIScoreFiles: ScoreFileService {
    public init() {}

    public func readScore(atPath path: String, stepsPerQuarter: Int) throws -> (score: Score, report: ImportReport) {
        try ScoreFile.load(contentsOf: URL(fileURLWithPath: path), stepsPerQuarter: stepsPerQuarter)
    }

    public func writeTake(_ take: ExportedTake, toPath path: String) throws {
        let url = URL(fileURLWithPath: path)
        let options = take.exportOptions(title: url.deletingPathExtension().lastPathComponent)
        try ScoreFile.save(take.seed, generated: take.generated, options: options, to: url)
    }
}
