import Foundation
import NeuraMetrics
import NeuraMusic
import Testing

/// The MIDI fixtures of this target (`Fixtures/midi`) and of NeuraMusicTests, read by path
/// from the repository so one list can name both.
enum MetricsFixtures {
    static func repositoryFile(_ relativePath: String, from filePath: String = #filePath) -> URL {
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/",
              !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent(relativePath)
    }

    static func ownMIDI(_ name: String) -> URL {
        repositoryFile("Tests/NeuraMetricsTests/Fixtures/midi/\(name)")
    }

    static func musicMIDI(_ name: String) -> URL {
        repositoryFile("Tests/NeuraMusicTests/Fixtures/midi/\(name)")
    }

    static func resource(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    static func ticks(_ url: URL) throws -> TickScore {
        TickScore(midi: try MIDIReader.read(contentsOf: url).file)
    }
}
