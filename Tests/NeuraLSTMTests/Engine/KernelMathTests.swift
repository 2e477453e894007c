import Foundation
import NeuraKernels
import Testing
@testable import NeuraLSTM

/// The vectorised gate functions (the AVX2 path where the CPU has it, and the portable path) against
/// libm over the whole range the gates see, and the fused cell kernels against a Double reference.
@Suite struct KernelMathTests {
    static let samples: [Float] = {
        var values: [Float] = [0, -0, 1e-30, -1e-7, 1e-4, 0.2999, 0.3, 0.3001, -0.3, 1, -1, 5, -5, 20, -20, 44, -44, 87, -87, 88, -88, 100, -100, 1e10, -1e10]
        var rng = SplitMix64(seed: 1)
        for _ in 0..<20_000 { values.append((2 * rng.nextUnitFloat() - 1) * 30) }
        for _ in 0..<2_003 { values.append((2 * rng.nextUnitFloat() - 1) * 0.5) }
        return values
    }()

    typealias InPlace = (UnsafeMutablePointer<Float>?, Int) -> Void

    static func applied(_ kernel: InPlace, to values: [Float]) -> [Float] {
        var result = values
        result.withUnsafeMutableBufferPointer { kernel($0.baseAddress, $0.count) }
        return result
    }

    static var paths: [(name: String, exp: InPlace, sigmoid: InPlace, tanh: InPlace)] {
        [("dispatched", nk_exp, nk_sigmoid, nk_tanh), ("portable", nk_exp_portable, nk_sigmoid_portable, nk_tanh_portable)]
    }

    @Test func expIsWithinAFewUlps() {
        for path in Self.paths {
            let results = Self.applied(path.exp, to: Self.samples)
            for (x, result) in zip(Self.samples, results) where abs(x) < 87 {
                let expected = Foundation.exp(Double(x))
                #expect(abs(Double(result) - expected) <= 4e-7 * expected, "\(path.name) exp(\(x))")
            }
            let extremes = Self.applied(path.exp, to: [-1000, 1000])
            #expect(extremes[0] >= 0 && extremes[0] < 1e-37, "\(path.name)")
            #expect(extremes[1].isFinite && extremes[1] > 1e38, "\(path.name)")
        }
    }

    @Test func sigmoidAndTanhAreWithinAFewUlps() {
        for path in Self.paths {
            let sigmoids = Self.applied(path.sigmoid, to: Self.samples)
            let tanhs = Self.applied(path.tanh, to: Self.samples)
            for (index, x) in Self.samples.enumerated() {
                let d = Double(x)
                let sigmoid = 1 / (1 + Foundation.exp(-d))
                #expect(abs(Double(sigmoids[index]) - sigmoid) <= max(4e-7 * sigmoid, 1e-38), "\(path.name) sigmoid(\(x))")
                let tanh = Foundation.tanh(d)
                #expect(abs(Double(tanhs[index]) - tanh) <= max(4e-7 * abs(tanh), 1e-38), "\(path.name) tanh(\(x))")
            }
            #expect(Self.applied(path.tanh, to: [1e10, -1e10]) == [1, -1], "\(path.name)")
        }
    }

    @Test func nanStaysNaN() {
        // Nine values, so that the NaN lands both in a vector lane and in the scalar tail.
        let values: [Float] = [0, .nan, 1, 2, 3, 4, 5, 6, .nan]
        for path in Self.paths {
            for kernel in [path.exp, path.sigmoid, path.tanh] {
                let result = Self.applied(kernel, to: values)
                #expect(result[1].isNaN && result[8].isNaN && !result[0].isNaN, "\(path.name)")
            }
        }
    }

    @Test func sumOfExponentialsMatchesDouble() {
        let values = Array(Self.samples.prefix(1_003)).map { $0 / 4 }
        let shift: Float = 2
        let expected = values.reduce(0.0) { $0 + Foundation.exp(Double($1 - shift)) }
        for sum in [nk_sum_exp(values, values.count, shift), nk_sum_exp_portable(values, values.count, shift)] {
            #expect(abs(Double(sum) - expected) <= 1e-5 * expected)
        }
    }

    @Test func scaledExponentialsAddIntoTheTarget() {
        let values = Array(Self.samples.prefix(203)).map { $0 / 4 }
        let initial = randomValues(values.count, scale: 1, seed: 13)
        let (shift, scale): (Float, Float) = (1.5, 0.25)
        let expected = zip(initial, values).map { Double($0) + Double(scale) * Foundation.exp(Double($1 - shift)) }
        typealias AddScaled = (UnsafeMutablePointer<Float>?, UnsafePointer<Float>?, Int, Float, Float) -> Void
        let kernels: [(String, AddScaled)] = [("dispatched", nk_add_scaled_exp), ("portable", nk_add_scaled_exp_portable)]
        for (name, kernel) in kernels {
            var target = initial
            kernel(&target, values, values.count, shift, scale)
            let mismatch = firstMismatch(target, expected, relative: 1e-6, absolute: 1e-6)
            #expect(mismatch == nil, "\(name): \(mismatch ?? "")")
        }
    }

    /// H = 13 exercises the vector body and the scalar tail of each row.
    @Test(arguments: [8, 13])
    func cellForwardMatchesDoubleReference(hiddenSize h: Int) {
        let batch = 3
        let preactivations = randomValues(batch * 4 * h, scale: 3, seed: 5)
        let previousCell = randomValues(batch * h, scale: 2, seed: 6)
        func sigmoid(_ x: Float) -> Double { 1 / (1 + Foundation.exp(-Double(x))) }
        var expectedGates: [Double] = []
        var expectedCell: [Double] = [], expectedHidden: [Double] = []
        for row in 0..<batch {
            let g = Array(preactivations[(row * 4 * h)..<((row + 1) * 4 * h)])
            let activated = (0..<h).map { sigmoid(g[$0]) } + (0..<h).map { sigmoid(g[h + $0]) }
                + (0..<h).map { Foundation.tanh(Double(g[2 * h + $0])) } + (0..<h).map { sigmoid(g[3 * h + $0]) }
            expectedGates += activated
            for j in 0..<h {
                let cell = activated[h + j] * Double(previousCell[row * h + j]) + activated[j] * activated[2 * h + j]
                expectedCell.append(cell)
                expectedHidden.append(activated[3 * h + j] * Foundation.tanh(cell))
            }
        }
        typealias Forward = (UnsafeMutablePointer<Float>?, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?,
                             UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?, Int, Int) -> Void
        let kernels: [(String, Forward)] = [("dispatched", nk_lstm_cell_forward), ("portable", nk_lstm_cell_forward_portable)]
        for (name, kernel) in kernels {
            var gates = preactivations
            // The cell is updated in place, as generation does.
            var cell = previousCell
            var cellTanh = [Float](repeating: 0, count: batch * h), hidden = cellTanh
            cell.withUnsafeMutableBufferPointer { cellPointer in
                kernel(&gates, cellPointer.baseAddress, cellPointer.baseAddress, &cellTanh, &hidden, batch, h)
            }
            for (what, actual, expected) in [("gates", gates, expectedGates), ("cell", cell, expectedCell),
                                             ("hidden", hidden, expectedHidden), ("tanh", cellTanh, expectedCell.map(Foundation.tanh))] {
                let mismatch = firstMismatch(actual, expected, relative: 1e-5, absolute: 1e-6)
                #expect(mismatch == nil, "\(name) \(what) H=\(h): \(mismatch ?? "")")
            }
        }
    }

    @Test(arguments: [8, 13])
    func cellBackwardMatchesDoubleReference(hiddenSize h: Int) {
        let batch = 2
        // Activations in the ranges the forward pass produces.
        let gates = randomValues(batch * 4 * h, scale: 1, seed: 7).enumerated().map { index, x in
            (index % (4 * h)) / h == 2 ? x * 0.9 : 0.5 + 0.45 * x
        }
        let previousCell = randomValues(batch * h, scale: 2, seed: 8)
        let cellTanh = randomValues(batch * h, scale: 0.95, seed: 9)
        let hiddenGrad = randomValues(batch * h, scale: 1, seed: 10)
        let hiddenCarry = randomValues(batch * h, scale: 1, seed: 11)
        let cellCarryIn = randomValues(batch * h, scale: 1, seed: 12)
        var expectedGrad = [Double](repeating: 0, count: batch * 4 * h)
        var expectedCarry = [Double](repeating: 0, count: batch * h)
        for row in 0..<batch {
            for j in 0..<h {
                let g = { (gate: Int) in Double(gates[row * 4 * h + gate * h + j]) }
                let s = row * h + j
                let squashed = Double(cellTanh[s])
                let dHidden = Double(hiddenGrad[s]) + Double(hiddenCarry[s])
                let dCell = Double(cellCarryIn[s]) + dHidden * g(3) * (1 - squashed * squashed)
                expectedGrad[row * 4 * h + j] = dCell * g(2) * g(0) * (1 - g(0))
                expectedGrad[row * 4 * h + h + j] = dCell * Double(previousCell[s]) * g(1) * (1 - g(1))
                expectedGrad[row * 4 * h + 2 * h + j] = dCell * g(0) * (1 - g(2) * g(2))
                expectedGrad[row * 4 * h + 3 * h + j] = dHidden * squashed * g(3) * (1 - g(3))
                expectedCarry[s] = dCell * g(1)
            }
        }
        typealias Backward = (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?, UnsafePointer<Float>?,
                              UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafePointer<Float>?,
                              Int, Int) -> Void
        let kernels: [(String, Backward)] = [("dispatched", nk_lstm_cell_backward), ("portable", nk_lstm_cell_backward_portable)]
        for (name, kernel) in kernels {
            var gatesGrad = [Float](repeating: 0, count: batch * 4 * h)
            var cellCarry = cellCarryIn
            kernel(&gatesGrad, &cellCarry, hiddenGrad, hiddenCarry, gates, previousCell, cellTanh, batch, h)
            let gradMismatch = firstMismatch(gatesGrad, expectedGrad, relative: 1e-5, absolute: 1e-6)
            let carryMismatch = firstMismatch(cellCarry, expectedCarry, relative: 1e-5, absolute: 1e-6)
            #expect(gradMismatch == nil, "\(name) gates H=\(h): \(gradMismatch ?? "")")
            #expect(carryMismatch == nil, "\(name) carry H=\(h): \(carryMismatch ?? "")")
        }
    }
}
