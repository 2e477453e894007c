import Foundation
import NeuraComposer
import NeuraCore
import NeuraLSTM
import NeuraMusic
import Testing

/// The CLI and the composer speak one set of generation settings: the same limits, the same
/// reproducibility record, the same meaning of "style".
@Suite struct GenerationContractTests {
    let folder: URL
    let modelPath: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoding = EncodingConfig(stepsPerQuarter: 4, lowestPitch: 36, highestPitch: 96)
        var rng = SplitMix64(seed: 4)
        let config = try LSTMConfig(vocabularySize: encoding.vocabularySize, embeddingSize: 4, hiddenSize: 8, layers: 1)
        modelPath = folder.appendingPathComponent("tiny.safetensors").path
        try NeuraModel(name: "tiny", url: nil, parameters: LSTMParameters(config: config, rng: &rng), encoding: encoding,
                       trainingRecord: nil).write(to: URL(fileURLWithPath: modelPath))
    }

    func generate(_ options: [String]) throws -> CommandResult {
        try NeuraScoreBinary.run(
            ["generate", "--model", modelPath, "--seed-notes", "C4:1", "--length", "1", "-o",
             folder.appendingPathComponent("take-\(UUID().uuidString).mid").path] + options)
    }

    @Test(arguments: [
        (["--temperature", "3.5"], "temp 3.5", "0.05…3", ["--temperature", "3"], "temp 3"),
        (["--temperature", "0.01"], "temp 0.01", "0.05…3", ["--temperature", "0.05"], "temp 0.05"),
        (["--num-outputs", "17"], "var 17", "1…16", ["--num-outputs", "16"], "var 16"),
        (["--length", "257"], "len 257", "1…256", ["--length", "2"], "len 256"),
    ])
    func theCLIAndTheComposerRefuseAndAcceptTheSameValues(
        cliBad: [String], composerBad: String, limit: String, cliGood: [String], composerGood: String
    ) throws {
        let refused = try generate(cliBad)
        #expect(refused.exitCode != 0)
        #expect(refused.stderr.contains(limit), "\(refused.stderr)")
        #expect(throws: CommandError.self) { try Command.parse(composerBad) }
        do {
            _ = try Command.parse(composerBad)
        } catch {
            #expect(error.description.contains(limit), "\(error.description)")
        }
        let accepted = try generate(cliGood)
        #expect(accepted.exitCode == 0, "\(accepted.stderr)")
        #expect(throws: Never.self) { try Command.parse(composerGood) }
    }

    @Test func theTakeRecordHasTheSameKeysFromTheCLIAndTheComposer() throws {
        let cliFile = folder.appendingPathComponent("cli.mid")
        let result = try NeuraScoreBinary.run([
            "generate", "--model", modelPath, "--seed-notes", "C4:1 E4:1", "--length", "1", "--num-outputs", "1", "-o", cliFile.path,
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        var state = ComposerState()
        state.document = ComposerDocument(
            score: Score(notes: [Note(pitch: 60, start: 0, length: 4)]),
            variations: [Variation(notes: [SampledNote(note: Note(pitch: 64, start: 4, length: 4))])], generatedRange: 4..<20)
        let composerFile = folder.appendingPathComponent("composer.mid")
        try MIDIScoreFiles().writeTake(state.exportedTake, toPath: composerFile.path)
        let cli = try Self.record(in: cliFile)
        let composer = try Self.record(in: composerFile)
        #expect(!cli.isEmpty)
        #expect(Set(cli.keys) == Set(composer.keys))
        #expect(cli["model"] == "tiny.safetensors" && composer["model"] == "chorale")
        #expect(composer["seed"] == "tracks" && cli["seed"] == "C4:1 E4:1")
        #expect(cli["start"] == "1:3:1" && cli["end"] == "2:3:1")
        #expect(composer["top-p"] == "0.95" && cli["top-p"] == "off")
    }

    /// The `key=value; …` text event of a written take.
    static func record(in file: URL) throws -> [String: String] {
        let midi = try MIDIReader.read(contentsOf: file).file
        let text = midi.tracks.flatMap(\.events).compactMap { event -> String? in
            guard case .meta(0x01, let data) = event.message else { return nil }
            return String(decoding: data, as: UTF8.self)
        }.first { $0.contains("neurascore=") } ?? ""
        var fields: [String: String] = [:]
        for pair in text.components(separatedBy: "; ") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }

    @Test func aStyleIsAModelAndUnknownNamesListTheValidOnes() throws {
        let jazz = try NeuraScoreBinary.run([
            "generate", "--style", "jazz", "--seed-notes", "C4:1", "--length", "1", "-o", folder.appendingPathComponent("j.mid").path,
        ])
        #expect(jazz.exitCode != 0)
        #expect(jazz.stderr.contains("unknown style \"jazz\"") && jazz.stderr.contains("installed models chorale, chorale-ahead, folk"), "\(jazz.stderr)")
        let noModel = try NeuraScoreBinary.run([
            "generate", "--model", "nonesuch", "--seed-notes", "C4:1", "--length", "1", "-o", folder.appendingPathComponent("n.mid").path,
        ])
        #expect(noModel.exitCode != 0)
        #expect(noModel.stderr.contains("the installed models are") && noModel.stderr.contains("folk"), "\(noModel.stderr)")
        let folkFile = folder.appendingPathComponent("folk.mid")
        let folk = try NeuraScoreBinary.run([
            "generate", "--style", "folk", "--seed-notes", "D4:1 E4:1", "--length", "1", "-o", folkFile.path,
        ])
        #expect(folk.exitCode == 0, "\(folk.stderr)")
        #expect(try Self.record(in: folkFile)["model"] == "folk.safetensors")
    }
}
