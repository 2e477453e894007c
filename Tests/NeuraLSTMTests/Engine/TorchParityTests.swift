import Foundation
import Testing
@testable import NeuraLSTM

/// The engine against PyTorch (Scripts/make-torch-fixtures): NLL, logits, gradients and two
/// Adam steps with clipping, all to relative 1e-4 with a small absolute floor.
@Suite struct TorchParityTests {
    static let relative = 1e-4
    /// Values near zero carry float32 rounding of much larger intermediate terms.
    static let absolute = 2e-6

    struct Fixture {
        var parameters: LSTMParameters
        var expected: SafeTensorsFile

        init() throws {
            let model = try LSTMModelFile.read(contentsOf: TorchFixture.url("model.safetensors"))
            parameters = try LSTMParameters(config: model.config, named: model.tensors.mapValues { ($0.shape, $0.values) })
            expected = try TorchFixture.read("expected.safetensors")
        }

        func tensor(_ name: String) throws -> HostTensor {
            try #require(expected.tensors[name], "fixture lacks \(name)")
        }

        func tokens(_ name: String) throws -> [Int] { try tensor(name).values.map { Int($0) } }

        func metadata(_ key: String) throws -> String { try #require(expected.metadata[key], "fixture lacks metadata \(key)") }

        func float(_ key: String) throws -> Float { try #require(Float(metadata(key))) }

        var pieceCount: Int { Int(expected.metadata["pieceCount"] ?? "0") ?? 0 }

        func batch(_ name: String) throws -> TrainingBatch {
            let t = try tensor(name)
            return try TrainingBatch(sequenceCount: t.shape[0], length: t.shape[1] - 1, tokens: t.values.map { Int($0) })
        }
    }

    func expectClose(_ actual: [Float], _ expected: [Float], _ what: String) {
        let mismatch = firstMismatch(actual, expected.map(Double.init), relative: Self.relative, absolute: Self.absolute)
        #expect(mismatch == nil, "\(what): \(mismatch ?? "")")
    }

    @Test(arguments: [(batchSize: 32, chunkLength: 256), (batchSize: 2, chunkLength: 4)])
    func nllMatchesTorchPerTokenAndInTotal(batchSize: Int, chunkLength: Int) throws {
        let fixture = try Fixture()
        #expect(fixture.pieceCount == 3)
        let pieces = try (0..<fixture.pieceCount).map { try fixture.tokens("piece\($0).tokens") }
        var evaluator = try NLLEvaluator(parameters: fixture.parameters, batchSize: batchSize, chunkLength: chunkLength)
        let result = try evaluator.evaluate(pieces: pieces, keepPerToken: true)
        for index in pieces.indices {
            expectClose(try #require(result.perToken)[index], try fixture.tensor("piece\(index).nll").values, "piece \(index) NLL")
        }
        let total = try #require(Double(fixture.metadata("totalNLL")))
        #expect(abs(result.totalNLL - total) <= Self.relative * total)
        #expect(result.tokenCount == (try #require(Int(fixture.metadata("tokenCount")))))
    }

    @Test func primingAndSteppingReproduceTorchLogits() throws {
        let fixture = try Fixture()
        let v = fixture.parameters.config.vocabularySize
        for index in 0..<fixture.pieceCount {
            let tokens = try fixture.tokens("piece\(index).tokens")
            let expected = try fixture.tensor("piece\(index).logits").values
            var session = InferenceSession(parameters: fixture.parameters)
            let primed = try session.prime(prefixes: [[tokens[0]]])
            expectClose(primed[0], Array(expected[0..<v]), "piece \(index) logits after BOS")
            for position in 1..<tokens.count {
                let logits = try session.step(tokens: [tokens[position]])
                expectClose(logits, Array(expected[(position * v)..<((position + 1) * v)]), "piece \(index) logits at \(position)")
            }
            var whole = InferenceSession(parameters: fixture.parameters)
            let last = try whole.prime(prefixes: [tokens])[0]
            expectClose(last, Array(expected[((tokens.count - 1) * v)...]), "piece \(index) logits after priming it whole")
        }
    }

    @Test func lossAndGradientsMatchTorch() throws {
        let fixture = try Fixture()
        var trainer = try LSTMTrainer(parameters: fixture.parameters, seed: 0)
        let loss = try trainer.computeGradients(batch: fixture.batch("batch.tokens"))
        expectClose([loss], try fixture.tensor("batch.loss").values, "batch loss")
        for tensor in try fixture.parameters.namedTensors(of: trainer.gradients) {
            expectClose(Array(tensor.values), try fixture.tensor("grad.\(tensor.name)").values, "grad.\(tensor.name)")
        }
    }

    @Test func twoAdamStepsWithClippingMatchTorch() throws {
        let fixture = try Fixture()
        let clipped = try fixture.metadata("clipped")
        #expect(clipped.contains("true"))
        let options = TrainingOptions(
            schedule: .constant(try fixture.float("lr")), beta1: try fixture.float("beta1"), beta2: try fixture.float("beta2"),
            epsilon: try fixture.float("eps"), maxGradientNorm: try fixture.float("max_norm"))
        var trainer = try LSTMTrainer(parameters: fixture.parameters, options: options, seed: 0)
        for (step, name) in [(1, "batch.tokens"), (2, "adam.batch2.tokens")] {
            let report = try trainer.step(batch: fixture.batch(name))
            expectClose([report.loss], try fixture.tensor("adam.step\(step).loss").values, "loss at step \(step)")
            expectClose([report.gradientNorm], try fixture.tensor("adam.step\(step).grad_norm").values, "norm at step \(step)")
            for tensor in trainer.parameters.namedTensors() {
                expectClose(Array(tensor.values), try fixture.tensor("adam.step\(step).\(tensor.name)").values,
                            "\(tensor.name) after step \(step)")
            }
        }
    }

    @Test func reducedPrecisionFilesLoadAndStayClose() throws {
        let fixture = try Fixture()
        let pieces = try (0..<fixture.pieceCount).map { try fixture.tokens("piece\($0).tokens") }
        var reference = try NLLEvaluator(parameters: fixture.parameters)
        let full = try reference.evaluate(pieces: pieces)
        for name in ["model-f16.safetensors", "model-bf16.safetensors"] {
            let model = try LSTMModelFile.read(contentsOf: TorchFixture.url(name))
            let parameters = try LSTMParameters(named: model.tensors.mapValues { ($0.shape, $0.values) })
            var evaluator = try NLLEvaluator(parameters: parameters)
            let reduced = try evaluator.evaluate(pieces: pieces)
            #expect(abs(reduced.totalNLL - full.totalNLL) < 0.05 * full.totalNLL, "\(name)")
        }
    }
}
