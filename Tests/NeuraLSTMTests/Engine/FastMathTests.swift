import Foundation
import Testing
@testable import NeuraLSTM

/// The inlined gate functions against libm over the whole range the gates see.
@Suite struct FastMathTests {
    static let samples: [Float] = {
        var values: [Float] = [0, -0, 1e-30, -1e-7, 1e-4, 0.2999, 0.3, 0.3001, -0.3, 1, -1, 5, -5, 20, -20, 44, -44, 87, -87, 88, -88, 100, -100, 1e10, -1e10]
        var rng = SplitMix64(seed: 1)
        for _ in 0..<20_000 { values.append((2 * rng.nextUnitFloat() - 1) * 30) }
        for _ in 0..<2_000 { values.append((2 * rng.nextUnitFloat() - 1) * 0.5) }
        return values
    }()

    @Test func expIsWithinAFewUlps() {
        for x in Self.samples where abs(x) < 87 {
            let expected = Foundation.exp(Double(x))
            #expect(abs(Double(FastMath.exp(x)) - expected) <= 4e-7 * expected, "exp(\(x))")
        }
        #expect(FastMath.exp(-1000) >= 0 && FastMath.exp(-1000) < 1e-37)
        #expect(FastMath.exp(1000).isFinite && FastMath.exp(1000) > 1e38)
    }

    @Test func sigmoidAndTanhAreWithinAFewUlps() {
        for x in Self.samples {
            let d = Double(x)
            let sigmoid = 1 / (1 + Foundation.exp(-d))
            #expect(abs(Double(FastMath.sigmoid(x)) - sigmoid) <= max(4e-7 * sigmoid, 1e-38), "sigmoid(\(x))")
            let tanh = Foundation.tanh(d)
            #expect(abs(Double(FastMath.tanh(x)) - tanh) <= max(4e-7 * abs(tanh), 1e-38), "tanh(\(x))")
        }
        #expect(FastMath.tanh(1e10) == 1 && FastMath.tanh(-1e10) == -1)
    }

    @Test func nanStaysNaN() {
        #expect(FastMath.exp(.nan).isNaN)
        #expect(FastMath.sigmoid(.nan).isNaN)
        #expect(FastMath.tanh(.nan).isNaN)
    }
}
