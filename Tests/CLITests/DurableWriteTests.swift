import Foundation
import NeuraLSTM
import NeuraMusic
import Testing

/// Writes that fail part-way, as on a full disk: the binary runs under `ulimit -f` and ignores
/// SIGXFSZ itself, so a write past the limit fails with EFBIG. Each command must fail with a message
/// naming the file, exit non-zero, leave the previous file byte for byte, and leave no
/// temporary file behind.
@Suite struct DurableWriteTests {
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-durable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func contents(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    private func folderListing(_ directory: URL? = nil) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: (directory ?? folder).path))
    }

    private func writeMelody(_ name: String, notes count: Int, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let notes = (0..<count).map { step in Note(pitch: 50 + Int(rng.next() % 20), start: step * 2, length: 2) }
        try MIDIWriter.write(MIDIFile(score: Score(notes: notes)), to: URL(fileURLWithPath: path(name)))
    }

    @Test func quantizeOverTheSizeLimitKeepsTheOldFile() throws {
        let input = NeuraScoreBinary.repositoryFile("Tests/NeuraMusicTests/Fixtures/midi/music21-bwv66.6.mid").path
        try writeMelody("out.mid", notes: 3, seed: 1)
        let before = try contents("out.mid")
        #expect(before.count < 512)
        let listing = try folderListing()

        let result = try NeuraScoreBinary.run(["quantize", input, "-o", path("out.mid")], fileSizeLimit: 512)
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains(path("out.mid")), "\(result.stderr)")
        #expect(result.stderr.contains("the disk is full or the file size limit was reached"), "\(result.stderr)")
        #expect(try contents("out.mid") == before)
        #expect(try folderListing() == listing)

        // The same command with room to write replaces the file.
        let roomy = try NeuraScoreBinary.run(["quantize", input, "-o", path("out.mid")])
        #expect(roomy.exitCode == 0, "\(roomy.stderr)")
        #expect(try contents("out.mid") != before)
    }

    @Test func trainOverTheSizeLimitKeepsTheOldModelAndCheckpoint() throws {
        let corpus = folder.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for index in 0..<4 { try writeMelody("corpus/p\(index).mid", notes: 12, seed: UInt64(index + 1)) }
        let options = [
            "--layers", "1", "--hidden", "8", "--embed", "4", "--seq-len", "10", "--batch", "2", "--steps", "2",
            "--threads", "1", "--dropout", "0",
        ]
        let first = try NeuraScoreBinary.run(["train", corpus.path, "--out", path("m.safetensors"), "--seed", "1"] + options)
        #expect(first.exitCode == 0, "\(first.stderr)")
        let model = try contents("m.safetensors")
        let checkpoint = try contents("m.ckpt.safetensors")
        #expect(model.count > 4096 && checkpoint.count > 8192)
        let listing = try folderListing()

        let limited = try NeuraScoreBinary.run(
            ["train", corpus.path, "--out", path("m.safetensors"), "--seed", "2"] + options, fileSizeLimit: 4096)
        #expect(limited.exitCode != 0)
        #expect(limited.stderr.contains("\(path("m.ckpt.safetensors")): cannot save step 2: writing failed"), "\(limited.stderr)")
        #expect(limited.stderr.contains("Nothing had been saved yet, and no existing file was changed"), "\(limited.stderr)")
        #expect(limited.stderr.contains("the disk is full or the file size limit was reached"), "\(limited.stderr)")
        #expect(try contents("m.safetensors") == model)
        #expect(try contents("m.ckpt.safetensors") == checkpoint)
        #expect(try folderListing() == listing)
    }

    @Test func encodeOverTheSizeLimitKeepsTheOldTokenFiles() throws {
        let corpus = folder.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try writeMelody("corpus/short.mid", notes: 4, seed: 3)
        let first = try NeuraScoreBinary.run(["encode", corpus.path, "-o", path("tokens")])
        #expect(first.exitCode == 0, "\(first.stderr)")
        let numbers = try contents("tokens.npy")
        let manifest = try contents("tokens.json")
        let listing = try folderListing()

        // Thirteen transpositions of a longer piece make a token file well over the limit.
        try writeMelody("corpus/long.mid", notes: 200, seed: 4)
        let limited = try NeuraScoreBinary.run(
            ["encode", corpus.path, "-o", path("tokens"), "--transpose", "-6..6"], fileSizeLimit: 8192)
        #expect(limited.exitCode != 0)
        #expect(limited.stderr.contains(path("tokens")), "\(limited.stderr)")
        #expect(try contents("tokens.npy") == numbers)
        #expect(try contents("tokens.json") == manifest)
        #expect(try folderListing() == listing)
    }

    /// The manifest is the larger file here (long source paths, tiny pieces): when only it fails,
    /// the new token array must not replace the old one either.
    @Test func encodeKeepsTheOldPairWhenOnlyTheManifestFails() throws {
        let corpus = folder.appendingPathComponent("corpus/" + String(repeating: "a-rather-long-folder-name/", count: 6))
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try writeMelody("corpus/first.mid", notes: 2, seed: 5)
        let first = try NeuraScoreBinary.run(["encode", folder.appendingPathComponent("corpus").path, "-o", path("tokens")])
        #expect(first.exitCode == 0, "\(first.stderr)")
        let numbers = try contents("tokens.npy")
        let manifest = try contents("tokens.json")
        let listing = try folderListing()

        for index in 0..<20 {
            var rng = SplitMix64(seed: UInt64(index + 40))
            let notes = [Note(pitch: 60 + Int(rng.next() % 12), start: 0, length: 2)]
            try MIDIWriter.write(MIDIFile(score: Score(notes: notes)), to: corpus.appendingPathComponent("piece-\(index).mid"))
        }
        let limited = try NeuraScoreBinary.run(
            ["encode", folder.appendingPathComponent("corpus").path, "-o", path("tokens")], fileSizeLimit: 2048)
        #expect(limited.exitCode != 0)
        #expect(limited.stderr.contains(path("tokens.json")), "\(limited.stderr)")
        #expect(try contents("tokens.npy") == numbers)
        #expect(try contents("tokens.json") == manifest)
        #expect(try folderListing() == listing)
    }
}
