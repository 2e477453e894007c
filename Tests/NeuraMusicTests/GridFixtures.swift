import Foundation
import Testing
@testable import NeuraMusic

/// Real MIDI files from `Fixtures/midi` (written by mido, pretty_midi and music21) and
/// scratch folders for the file-writing tests.
enum GridFixtures {
    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: "mid", subdirectory: "Fixtures/midi"))
    }

    /// A new empty folder; the caller removes it.
    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-grid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
