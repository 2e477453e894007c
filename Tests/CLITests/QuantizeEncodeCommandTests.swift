import Foundation
import NeuraMusic
import Testing

@Suite struct QuantizeEncodeCommandTests {
    private func fixture(_ name: String) -> URL {
        NeuraScoreBinary.repositoryFile("Tests/NeuraMusicTests/Fixtures/midi/\(name).mid")
    }

    private func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-grid-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func quantizeWritesTheGridVersionAndPrintsTheReport() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.mid")
        let result = try NeuraScoreBinary.run(["quantize", fixture("pretty-midi-drums").path, "-o", output.path, "--steps-per-quarter", "2"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("at 2 per quarter"))
        #expect(result.stdout.contains("drums set aside"))
        let written = try MIDIReader.read(contentsOf: output)
        #expect(written.file.format == 1 && written.file.division == .ticksPerQuarter(480))
        let (score, _) = try Quantizer.score(from: written.file, stepsPerQuarter: 2, source: output.path)
        #expect(!score.notes.isEmpty && !score.drums.isEmpty)
    }

    @Test func quantizeFailsClearlyOnAMissingFile() throws {
        let result = try NeuraScoreBinary.run(["quantize", "/nonexistent/in.mid", "-o", "/tmp/never.mid"])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("/nonexistent/in.mid"))
    }

    @Test func encodeWritesAnArrayWhoseOffsetsTheManifestGives() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = folder.appendingPathComponent("corpus/nested")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for name in ["music21-bwv66.6", "mido-format0"] {
            try FileManager.default.copyItem(at: fixture(name), to: corpus.appendingPathComponent("\(name).mid"))
        }
        try Data("junk".utf8).write(to: corpus.appendingPathComponent("broken.mid"))
        let base = folder.appendingPathComponent("tokens")
        let result = try NeuraScoreBinary.run([
            "encode", folder.appendingPathComponent("corpus").path, "-o", base.path,
            "--transpose", "-2..1", "--steps-per-quarter", "2", "--style", "chorale",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        // Not a terminal: plain progress lines on stderr, the summary and report on stdout.
        #expect(result.stderr.contains("encode: 3/3 files 100%"))
        #expect(result.stdout.contains("8 piece(s)"))
        #expect(result.stdout.contains("(1 skipped)"))
        #expect(result.stdout.contains("broken.mid: unreadable file"))

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathExtension("json"))) as? [String: Any]
        let encoding = try #require(json?["encoding"] as? [String: Any])
        let vocabulary = try #require(encoding["vocabulary"] as? [String])
        #expect(encoding["stepsPerQuarter"] as? Int == 2)
        #expect(vocabulary[2] == "STYLE:chorale")
        let pieces = try #require(json?["pieces"] as? [[String: Any]])
        #expect(pieces.map { $0["transposition"] as? Int } == [-2, -1, 0, 1, -2, -1, 0, 1])

        let tokens = try NumPyInt32.read(contentsOf: base.appendingPathExtension("npy"))
        var expectedOffset = 0
        for piece in pieces {
            let offset = try #require(piece["offset"] as? Int)
            let length = try #require(piece["length"] as? Int)
            #expect(offset == expectedOffset)
            expectedOffset += length
            let slice = tokens[offset..<(offset + length)].map { vocabulary[Int($0)] }
            #expect(slice.first == "BOS" && slice.dropFirst().first == "STYLE:chorale" && slice.last == "EOS")
            #expect(!slice.dropLast().contains("EOS"))
        }
        #expect(expectedOffset == tokens.count)
    }

    @Test func encodeCanShareOneVocabularyAcrossStyles() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = folder.appendingPathComponent("folk")
        let result = try NeuraScoreBinary.run([
            "encode", fixture("mido-format0").path, "-o", base.path, "--styles", "chorale,folk", "--style", "folk",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let file = try TokenFile.read(base: base)
        #expect(file.manifest.encoding.styles == ["chorale", "folk"])
        #expect(file.tokens.prefix(2) == [0, 3])
        let unknown = try NeuraScoreBinary.run(["encode", fixture("mido-format0").path, "-o", base.path, "--styles", "chorale", "--style", "folk"])
        #expect(unknown.exitCode != 0 && unknown.stderr.contains("folk"))
    }

    @Test func encodeRefusesABadTranspositionRange() throws {
        let result = try NeuraScoreBinary.run(["encode", fixture("mido-format0").path, "-o", "/tmp/never", "--transpose", "3..-3"])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("3..-3"))
    }
}
