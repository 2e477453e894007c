import Foundation
import NeuraLSTM
import NeuraMusic
@testable import NeuraCore

/// A small untrained model written to a real safetensors file and loaded back, the way users'
/// models arrive. Random weights are enough to test the sampler's contracts.
enum TestModels {
    static let encoding = EncodingConfig(
        stepsPerQuarter: 4, lowestPitch: 48, highestPitch: 84, maxLength: 16, maxShift: 8, styles: ["chorale", "folk"])

    static func randomModel(seed: UInt64 = 7, hidden: Int = 24, layers: Int = 2) throws -> NeuraModel {
        var rng = SplitMix64(seed: seed)
        let config = try LSTMConfig(
            vocabularySize: encoding.vocabularySize, embeddingSize: 12, hiddenSize: hidden, layers: layers)
        let parameters = LSTMParameters(config: config, rng: &rng)
        let model = try NeuraModel(name: "test", url: nil, parameters: parameters, encoding: encoding, trainingRecord: "{}")
        let url = temporaryURL("model.safetensors")
        try model.write(to: url)
        return try NeuraModel.load(contentsOf: url)
    }

    static func temporaryURL(_ name: String) -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }

    /// C major arpeggio over one 4/4 bar.
    static let seed = Score(notes: [
        Note(pitch: 60, start: 0, length: 4), Note(pitch: 64, start: 4, length: 4),
        Note(pitch: 67, start: 8, length: 4), Note(pitch: 72, start: 12, length: 4),
    ])
}

extension TestModels {
    static let satb = [PartRole("soprano", program: 52), PartRole("alto", program: 52),
                       PartRole("tenor", program: 52), PartRole("bass", program: 52)]

    /// A four-part encoding, with controls (`anticipation` steps ahead) or without.
    static func partsEncoding(anticipation: Int) -> EncodingConfig {
        EncodingConfig(stepsPerQuarter: 4, lowestPitch: 36, highestPitch: 84, maxLength: 16, maxShift: 8,
                       parts: satb, anticipation: anticipation)
    }

    static func randomPartsModel(anticipation: Int, seed: UInt64 = 9) throws -> NeuraModel {
        let encoding = partsEncoding(anticipation: anticipation)
        var rng = SplitMix64(seed: seed)
        let config = try LSTMConfig(vocabularySize: encoding.vocabularySize, embeddingSize: 12, hiddenSize: 24, layers: 1)
        return try NeuraModel(
            name: "satb", url: nil, parameters: LSTMParameters(config: config, rng: &rng), encoding: encoding,
            trainingRecord: nil)
    }

    /// Two bars of a soprano line in quarter notes, in part 0 of a score named as the roles are.
    static let melody = Score(
        notes: [72, 74, 76, 77, 79, 77, 76, 74].enumerated().map { Note(pitch: $1, start: 4 * $0, length: 4, part: 0) },
        parts: [Part(name: "Soprano")])
}
