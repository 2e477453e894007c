import Foundation
import NeuraLSTM
import NeuraMusic
import Testing
@testable import NeuraCore

/// NeuraScore's NLL (see `NLLEvaluator`) computed the slow, obvious way in Double, straight from the PyTorch-named
/// tensors: embedding, nn.LSTM (gates i, f, g, o), linear head, log-softmax. It shares no code
/// with the engine, so agreement checks the engine's evaluation and our bookkeeping around it.
enum ReferenceNLL {
    static func pieceNLL(_ tokens: [Int], parameters: LSTMParameters) -> Double {
        let config = parameters.config
        var tensors: [String: [Double]] = [:]
        for tensor in parameters.namedTensors() { tensors[tensor.name] = tensor.values.map(Double.init) }
        let (e, h, v) = (config.embeddingSize, config.hiddenSize, config.vocabularySize)
        var hidden = [[Double]](repeating: [Double](repeating: 0, count: h), count: config.layers)
        var cell = hidden
        var total = 0.0
        func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        for t in 0..<(tokens.count - 1) {
            var input = Array(tensors["embedding.weight"]![(tokens[t] * e)..<(tokens[t] * e + e)])
            for layer in 0..<config.layers {
                let width = input.count
                let wih = tensors["lstm.weight_ih_l\(layer)"]!, whh = tensors["lstm.weight_hh_l\(layer)"]!
                let bih = tensors["lstm.bias_ih_l\(layer)"]!, bhh = tensors["lstm.bias_hh_l\(layer)"]!
                var gates = [Double](repeating: 0, count: 4 * h)
                for row in 0..<(4 * h) {
                    var sum = bih[row] + bhh[row]
                    for k in 0..<width { sum += wih[row * width + k] * input[k] }
                    for k in 0..<h { sum += whh[row * h + k] * hidden[layer][k] }
                    gates[row] = sum
                }
                for unit in 0..<h {
                    let i = sigmoid(gates[unit]), f = sigmoid(gates[h + unit])
                    let g = tanh(gates[2 * h + unit]), o = sigmoid(gates[3 * h + unit])
                    cell[layer][unit] = f * cell[layer][unit] + i * g
                    hidden[layer][unit] = o * tanh(cell[layer][unit])
                }
                input = hidden[layer]
            }
            let weight = tensors["head.weight"]!, bias = tensors["head.bias"]!
            let logits = (0..<v).map { row in (0..<h).reduce(bias[row]) { $0 + weight[row * h + $1] * input[$1] } }
            let top = logits.max()!
            let logSum = top + log(logits.reduce(0) { $0 + exp($1 - top) })
            total += logSum - logits[tokens[t + 1]]
        }
        return total
    }
}

@Suite struct EvalTests {
    private func tinyModel(seed: UInt64 = 3) throws -> NeuraModel {
        var rng = SplitMix64(seed: seed)
        let config = try LSTMConfig(
            vocabularySize: TrainingFixtures.encoding.vocabularySize, embeddingSize: 5, hiddenSize: 6, layers: 2)
        let model = try NeuraModel(
            name: "tiny", url: nil, parameters: LSTMParameters(config: config, rng: &rng),
            encoding: TrainingFixtures.encoding, trainingRecord: nil)
        let url = TrainingFixtures.folder("eval-model").appendingPathComponent("tiny.safetensors")
        try model.write(to: url)
        return try NeuraModel.load(contentsOf: url)
    }

    @Test func agreesWithAnIndependentDoubleComputation() throws {
        let model = try tinyModel()
        let pieces = try TrainingFixtures.encodedPieces(count: 4)
        let folder = TrainingFixtures.folder("eval")
        let tokens = try TrainingFixtures.tokenFile(pieces: pieces, in: folder)
        let (result, corpus) = try CorpusEvaluation.evaluate(model: model, paths: [tokens.path])
        #expect(corpus.pieces.map(\.tokens) == pieces)

        let reference = pieces.reduce(0.0) { $0 + ReferenceNLL.pieceNLL($1, parameters: model.parameters) }
        let tokenCount = pieces.reduce(0) { $0 + $1.count - 1 }
        #expect(result.pieceCount == 4)
        #expect(result.tokenCount == tokenCount)
        #expect(abs(result.meanNLL - reference / Double(tokenCount)) <= 1e-5 * reference / Double(tokenCount))
        #expect(abs(result.perplexity - exp(reference / Double(tokenCount))) <= 1e-4 * result.perplexity)
        // Each fixture piece lasts until its last note ends; those steps are the denominator.
        let steps = (0..<4).reduce(0) { $0 + TrainingFixtures.score(seed: 1 &+ UInt64($1)).length }
        let perStep = try #require(result.nllPerStep)
        #expect(abs(perStep - reference / Double(steps)) <= 1e-5 * perStep)
    }

    /// PyTorch's numbers for this very model file and token file: `Scripts/eval_torch.py
    /// tiny.safetensors tokens --double` on the files this test writes (the model comes from
    /// the engine's seeded initialisation, so a change there means regenerating these).
    @Test func agreesWithPyTorchOnTheSameFiles() throws {
        let model = try tinyModel()
        let tokens = try TrainingFixtures.tokenFile(
            pieces: try TrainingFixtures.encodedPieces(count: 4), in: TrainingFixtures.folder("eval-torch"))
        let result = try CorpusEvaluation.evaluate(model: model, paths: [tokens.path]).result
        #expect(result.tokenCount == 187)
        #expect(abs(result.meanNLL - 3.660290028334087) <= 1e-5 * 3.660290028334087)
        #expect(abs(try #require(result.nllPerStep) - 6.645380925227905) <= 1e-5 * 6.645380925227905)
    }

    @Test func midiAndItsTokenFileScoreTheSame() throws {
        let model = try tinyModel()
        let midi = try TrainingFixtures.midiCorpus(count: 3)
        let folder = TrainingFixtures.folder("eval-encode")
        let base = folder.appendingPathComponent("corpus")
        _ = try CorpusEncoder(config: model.encoding).encode(try Corpus(paths: [midi.path]), to: base)
        let fromMIDI = try CorpusEvaluation.evaluate(model: model, paths: [midi.path]).result
        let fromTokens = try CorpusEvaluation.evaluate(model: model, paths: [base.path]).result
        #expect(fromMIDI == fromTokens)
    }

    @Test func jsonHasExactlyTheDocumentedKeys() throws {
        let result = EvaluationResult(meanNLL: 1.5, perplexity: exp(1.5), tokenCount: 10, pieceCount: 2, nllPerStep: nil)
        let object = try JSONSerialization.jsonObject(with: Data(result.jsonString().utf8)) as! [String: Any]
        #expect(Set(object.keys) == ["meanNLL", "perplexity", "tokenCount", "pieceCount", "nllPerStep"])
        #expect(object["nllPerStep"] is NSNull)
        #expect(object["tokenCount"] as? Int == 10)
    }

    @Test func tokenFileOfAnotherEncodingIsRefused() throws {
        let model = try TestModels.randomModel()
        let folder = TrainingFixtures.folder("eval-mismatch")
        let tokens = try TrainingFixtures.tokenFile(pieces: try TrainingFixtures.encodedPieces(count: 2), in: folder)
        #expect {
            try CorpusEvaluation.evaluate(model: model, paths: [tokens.path])
        } throws: { error in
            guard case TrainingError.tokenFileEncodingMismatch(let file, _, let detail) = error else { return false }
            return file == tokens.path && detail.contains("pitches")
        }
    }
}
