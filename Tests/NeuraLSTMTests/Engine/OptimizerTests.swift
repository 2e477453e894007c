import Foundation
import Testing
@testable import NeuraLSTM

@Suite struct OptimizerTests {
    /// Two Adam steps worked by hand (Double) for three parameters, one of them with a zero gradient.
    @Test func adamFollowsTorchFormulas() throws {
        var adam = AdamOptimizer(parameterCount: 3, beta1: 0.9, beta2: 0.99, epsilon: 1e-3)
        var parameters: [Float] = [1, -2, 0.5]
        let gradientSteps: [[Float]] = [[0.5, -1, 0], [0.25, 2, 0]]
        var (p, m, v) = ([1.0, -2.0, 0.5], [0.0, 0, 0], [0.0, 0, 0])
        for (index, gradients) in gradientSteps.enumerated() {
            try adam.update(parameters: &parameters, gradients: gradients, learningRate: 0.1)
            let t = Double(index + 1)
            for i in 0..<3 {
                let g = Double(gradients[i])
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.99 * v[i] + 0.01 * g * g
                let denominator = (v[i] / (1 - pow(0.99, t))).squareRoot() + 1e-3
                p[i] -= 0.1 / (1 - pow(0.9, t)) * m[i] / denominator
            }
            #expect(firstMismatch(parameters, p, relative: 1e-6, absolute: 1e-7) == nil, "after step \(index + 1)")
        }
        #expect(parameters[2] == 0.5)
        #expect(adam.stepCount == 2)
    }

    /// Large enough to be shared out, Adam on two or three threads gives one thread's result, bit for bit.
    @Test(arguments: [2, 3])
    func adamSharedOverThreadsEqualsOneThread(threads: Int) throws {
        let count = 200_003
        let start = randomValues(count, seed: 70)
        var results: [[Float]] = []
        for threads in [1, threads] {
            var adam = AdamOptimizer(parameterCount: count)
            var parameters = start
            for step in 0..<2 {
                try adam.update(parameters: &parameters, gradients: randomValues(count, seed: UInt64(71 + step)),
                                learningRate: 0.01, threads: threads)
            }
            results.append(parameters + adam.firstMoment + adam.secondMoment)
        }
        let same = results[0] == results[1]
        #expect(same)
        #expect(results[0][0..<count] != start[...])
    }

    /// Column sums shared out by columns add the same values in the same order as one thread.
    @Test func columnSumsSharedOverThreadsEqualOneThread() {
        let (rows, columns) = (1024, 2048)
        let matrix = randomValues(rows * columns, seed: 72)
        var one = randomValues(columns, seed: 73)
        var two = one
        let before = one
        addColumnSums(into: &one, of: matrix, rows: rows, columns: columns, threads: 1)
        addColumnSums(into: &two, of: matrix, rows: rows, columns: columns, threads: 2)
        let same = one == two
        #expect(same)
        #expect(one != before)
    }

    @Test func adamRefusesMismatchedBuffers() {
        var adam = AdamOptimizer(parameterCount: 2)
        var parameters: [Float] = [0, 0, 0]
        #expect(throws: LSTMError.self) { try adam.update(parameters: &parameters, gradients: [0, 0, 0], learningRate: 1) }
    }

    @Test func clippingScalesOnlyAboveTheMaximum() {
        var gradients: [Float] = [3, 0, -4]
        let norm = GradientClipping.clip(&gradients, maxNorm: 1)
        #expect(norm == 5)
        let scale: Float = 1 / (5 + 1e-6)
        #expect(gradients == [3 * scale, 0, -4 * scale])
        var small: [Float] = [0.3, 0.4]
        #expect(abs(GradientClipping.clip(&small, maxNorm: 1) - 0.5) < 1e-7)
        #expect(small == [0.3, 0.4])
    }

    @Test func scheduleWarmsUpThenDecays() {
        let cosine = LearningRateSchedule(peak: 1, warmupSteps: 4, decay: .cosine, totalSteps: 14, floor: 0.1)
        #expect(cosine.rate(atStep: 0) == 0.25)
        #expect(cosine.rate(atStep: 3) == 1)
        #expect(cosine.rate(atStep: 4) == 1)
        #expect(abs(cosine.rate(atStep: 9) - 0.55) < 1e-6)  // halfway: floor + (peak − floor)/2
        #expect(abs(cosine.rate(atStep: 14) - 0.1) < 1e-6)
        #expect(abs(cosine.rate(atStep: 1000) - 0.1) < 1e-6)
        let linear = LearningRateSchedule(peak: 2, decay: .linear, totalSteps: 10, floor: 0)
        #expect(linear.rate(atStep: 0) == 2)
        #expect(abs(linear.rate(atStep: 5) - 1) < 1e-6)
        #expect(LearningRateSchedule.constant(0.3).rate(atStep: 12345) == 0.3)
    }
}
