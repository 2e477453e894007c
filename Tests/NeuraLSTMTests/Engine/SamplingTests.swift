import Foundation
import Testing
@testable import NeuraLSTM

@Suite struct SamplingTests {
    let logits: [Float] = [2, 1, 0.5, -1, 3, 0]

    @Test func theSameSeedDrawsTheSameTokens() throws {
        let settings = SamplingSettings(temperature: 0.9, topK: 5, topP: 0.95)
        func draws(seed: UInt64) throws -> [Int] {
            var rng = SplitMix64(seed: seed)
            return try (0..<50).map { _ in try Sampling.sample(logits: logits, settings: settings, rng: &rng) }
        }
        #expect(try draws(seed: 42) == draws(seed: 42))
        #expect(try draws(seed: 42) != draws(seed: 43))
    }

    @Test func drawsFollowTheDistribution() {
        let probabilities: [Float] = [0.1, 0.6, 0.3]
        var rng = SplitMix64(seed: 5)
        var counts = [0, 0, 0]
        for _ in 0..<20_000 { counts[Sampling.draw(from: probabilities, rng: &rng)] += 1 }
        for (count, p) in zip(counts, probabilities) { #expect(abs(Double(count) / 20_000 - Double(p)) < 0.015) }
    }

    @Test func logProbabilityIsTheLogOfTheUnmaskedSoftmax() {
        let probabilities = Sampling.probabilities(logits: logits)
        for token in logits.indices {
            #expect(abs(Sampling.logProbability(of: token, logits: logits) - log(probabilities[token])) < 1e-5)
        }
        // Large logits do not overflow.
        #expect(abs(Sampling.logProbability(of: 0, logits: [1000, 1000]) - log(0.5)) < 1e-5)
    }

    @Test func softmaxAndTemperature() {
        let p = Sampling.probabilities(logits: [0, log(3)])
        #expect(abs(p[0] - 0.25) < 1e-6 && abs(p[1] - 0.75) < 1e-6)
        let cold = Sampling.probabilities(logits: logits, temperature: 0.1)
        #expect(cold[4] > 0.99)
        let hot = Sampling.probabilities(logits: logits, temperature: 100)
        #expect(hot.allSatisfy { abs($0 - 1 / 6) < 0.01 })
    }

    @Test func topKKeepsTheKMostLikely() {
        var p = Sampling.probabilities(logits: logits)
        Sampling.applyTopK(&p, k: 2)
        #expect(p.indices.filter { p[$0] > 0 } == [0, 4])
        #expect(abs(p.reduce(0, +) - 1) < 1e-6)
        let full = Sampling.probabilities(logits: logits)
        #expect(abs(p[4] / p[0] - full[4] / full[0]) < 1e-5)
    }

    @Test func topPKeepsTheSmallestSetReachingP() {
        let probabilities: [Float] = [0.05, 0.5, 0.3, 0.15]
        var p = probabilities
        Sampling.applyTopP(&p, p: 0.8)
        #expect(p.indices.filter { p[$0] > 0 } == [1, 2])
        var q = probabilities
        Sampling.applyTopP(&q, p: 0.81)
        #expect(q.indices.filter { q[$0] > 0 } == [1, 2, 3])
        var one = probabilities
        Sampling.applyTopP(&one, p: 0.01)
        #expect(one == [0, 1, 0, 0])
    }

    @Test func biasMasksTokensOut() throws {
        var bias = [Float](repeating: 0, count: logits.count)
        bias[4] = -.infinity
        bias[0] = -.infinity
        var rng = SplitMix64(seed: 1)
        for _ in 0..<200 {
            let token = try Sampling.sample(logits: logits, settings: SamplingSettings(), bias: bias, rng: &rng)
            #expect(token != 4 && token != 0)
        }
        let everything = [Float](repeating: -.infinity, count: logits.count)
        #expect(throws: LSTMError.self) { try Sampling.distribution(logits: logits, settings: SamplingSettings(), bias: everything) }
        #expect(throws: LSTMError.self) { try Sampling.distribution(logits: logits, settings: SamplingSettings(temperature: 0)) }
        #expect(throws: LSTMError.self) { try Sampling.distribution(logits: logits, settings: SamplingSettings(topP: 1.5)) }
    }

    @Test func argmaxEntropyAndAlternatives() {
        #expect(Sampling.argmax(logits) == 4)
        #expect(abs(Sampling.entropy([0.25, 0.25, 0.25, 0.25]) - Float(log(4.0))) < 1e-6)
        #expect(Sampling.entropy([1, 0, 0]) == 0)
        let alternatives = Sampling.topAlternatives([0.1, 0.5, 0.1, 0.3], count: 3)
        #expect(alternatives.map(\.token) == [1, 3, 0])
        #expect(alternatives.map(\.probability) == [0.5, 0.3, 0.1])
    }
}
