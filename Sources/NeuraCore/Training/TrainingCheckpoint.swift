import Foundation
import NeuraLSTM
import NeuraMusic

/// `MODEL.ckpt.safetensors`: the trainer's whole state beside the model file. Three flat F32
/// tensors (weights in `state_dict` order, Adam's two moments) and string metadata for the
/// rest: encoding, hyperparameters, Adam's step, the dropout generator's state, a fingerprint
/// of the training tokens and the training record. The batch order needs no state of its own
/// (see `WindowSampler`). Written atomically, like every file we write.
struct TrainingCheckpoint: Sendable {
    static let format = "neurascore-checkpoint"
    static let version = "1"

    var snapshot: TrainerSnapshot
    var config: LSTMConfig
    var encoding: EncodingConfig
    var hyperparameters: TrainingHyperparameters
    var corpusFingerprint: String
    var record: TrainingRecord

    var step: Int { snapshot.adamStep }

    /// `out/name.safetensors` → `out/name.ckpt.safetensors`.
    static func url(forModel model: URL) -> URL {
        let stem = model.pathExtension == "safetensors" ? model.deletingPathExtension() : model
        return stem.appendingPathExtension("ckpt.safetensors")
    }

    func write(to url: URL) throws(TrainingError) {
        let count = snapshot.parameters.count
        let file = SafeTensorsFile(
            tensors: [
                "parameters": HostTensor(shape: [count], values: snapshot.parameters),
                "adam.first_moment": HostTensor(shape: [count], values: snapshot.firstMoment),
                "adam.second_moment": HostTensor(shape: [count], values: snapshot.secondMoment),
            ],
            metadata: [
                "format": Self.format,
                "version": Self.version,
                "config": "\(config.vocabularySize) \(config.embeddingSize) \(config.hiddenSize) \(config.layers)",
                "encoding": Self.json(encoding),
                "hyperparameters": hyperparameters.jsonString(),
                "adam_step": String(snapshot.adamStep),
                "dropout_rng_state": String(snapshot.dropoutState),
                "corpus_fingerprint": corpusFingerprint,
                "training": record.jsonString(),
            ])
        do {
            try SafeTensors.write(file, dtype: .f32, to: url)
        } catch {
            throw .outputUnwritable(path: url.path, reason: error.description)
        }
    }

    static func read(contentsOf url: URL) throws(TrainingError) -> TrainingCheckpoint {
        let path = url.path
        func fail(_ why: String) -> TrainingError { .notACheckpoint(file: path, reason: why) }
        let file: SafeTensorsFile
        do {
            file = try SafeTensors.read(contentsOf: url)
        } catch {
            throw fail(error.description)
        }
        let metadata = file.metadata
        guard metadata["format"] == format else {
            throw fail("format is \(metadata["format"].map { "\"\($0)\"" } ?? "missing"), expected \"\(format)\"")
        }
        guard metadata["version"] == version else { throw fail("unsupported version \(metadata["version"] ?? "none")") }
        let sizes = (metadata["config"] ?? "").split(separator: " ").compactMap { Int($0) }
        guard sizes.count == 4 else { throw fail("the \"config\" metadata is not four sizes") }
        let config: LSTMConfig
        do {
            config = try LSTMConfig(vocabularySize: sizes[0], embeddingSize: sizes[1], hiddenSize: sizes[2], layers: sizes[3])
        } catch {
            throw fail(error.description)
        }
        let tensors = try ["parameters", "adam.first_moment", "adam.second_moment"].map { name throws(TrainingError) in
            guard let tensor = file.tensors[name] else { throw fail("tensor \"\(name)\" is missing") }
            guard tensor.shape == [config.parameterCount] else {
                throw fail("tensor \"\(name)\" has shape \(tensor.shape), the model needs [\(config.parameterCount)]")
            }
            return tensor.values
        }
        guard let adamStep = metadata["adam_step"].flatMap({ Int($0) }), adamStep >= 0 else {
            throw fail("\"adam_step\" is missing or not a count")
        }
        guard let dropoutState = metadata["dropout_rng_state"].flatMap({ UInt64($0) }) else {
            throw fail("\"dropout_rng_state\" is missing or not a 64-bit number")
        }
        let encoding: EncodingConfig
        let hyperparameters: TrainingHyperparameters
        let record: TrainingRecord
        do {
            encoding = try JSONDecoder().decode(EncodingConfig.self, from: Data((metadata["encoding"] ?? "").utf8))
            hyperparameters = try TrainingHyperparameters.decode(json: metadata["hyperparameters"] ?? "")
            record = try TrainingRecord.decode(json: metadata["training"] ?? "")
        } catch {
            throw fail("invalid metadata: \(error)")
        }
        guard encoding.vocabularySize == config.vocabularySize else {
            throw fail("the encoding has \(encoding.vocabularySize) tokens but the weights \(config.vocabularySize)")
        }
        return TrainingCheckpoint(
            snapshot: TrainerSnapshot(
                parameters: tensors[0], firstMoment: tensors[1], secondMoment: tensors[2], adamStep: adamStep,
                dropoutState: dropoutState),
            config: config, encoding: encoding, hyperparameters: hyperparameters,
            corpusFingerprint: metadata["corpus_fingerprint"] ?? "", record: record)
    }

    static func json(_ encoding: EncodingConfig) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(encoding)) ?? Data(), as: UTF8.self)
    }
}
