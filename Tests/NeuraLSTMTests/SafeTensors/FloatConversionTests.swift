import Testing
@testable import NeuraLSTM

@Suite struct FloatConversionTests {
    @Test(arguments: [
        (UInt16(0x0000), Float(0)), (0x8000, -0.0), (0x3C00, 1), (0xC000, -2), (0x7BFF, 65504),
        (0x0400, 0x1p-14), (0x0001, 0x1p-24), (0x03FF, 0x3FFp-24), (0x7C00, .infinity), (0xFC00, -.infinity),
    ])
    func halfWidensExactly(bits: UInt16, expected: Float) {
        let value = FloatConversion.float(fromHalf: bits)
        #expect(value.bitPattern == expected.bitPattern)
        #expect(FloatConversion.half(from: expected) == bits)
    }

    @Test func halfNaNStaysNaNBothWays() {
        #expect(FloatConversion.float(fromHalf: 0x7E00).isNaN)
        #expect(FloatConversion.float(fromHalf: 0xFD01).isNaN)
        let narrowed = FloatConversion.half(from: Float(nan: 1, signaling: true))
        #expect(narrowed & 0x7C00 == 0x7C00 && narrowed & 0x03FF != 0)
    }

    @Test func halfRoundsToNearestEven() {
        // 1 + 2^-11 is halfway between 1 and the next half (1 + 2^-10): ties go to the even one, 1.
        #expect(FloatConversion.half(from: 1 + 0x1p-11) == 0x3C00)
        // 1 + 3·2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
        #expect(FloatConversion.half(from: 1 + 3 * 0x1p-11) == 0x3C02)
        #expect(FloatConversion.half(from: 1 + 0x1p-11 + 0x1p-20) == 0x3C01)
        #expect(FloatConversion.half(from: 65519) == 0x7BFF)
        #expect(FloatConversion.half(from: 65520) == 0x7C00)
        #expect(FloatConversion.half(from: -1e6) == 0xFC00)
    }

    @Test func halfRoundsIntoAndOutOfSubnormals() {
        #expect(FloatConversion.half(from: 0x1p-25) == 0x0000)  // a tie with zero goes to zero (even)
        #expect(FloatConversion.half(from: 0x1.8p-25) == 0x0001)
        #expect(FloatConversion.half(from: 0x1.8p-24) == 0x0002)  // 1.5 ulps: tie, up to even 2
        #expect(FloatConversion.half(from: 0x1.4p-23) == 0x0002)  // 2.5 ulps: tie, down to even 2
        #expect(FloatConversion.half(from: 0x1.FFFp-15) == 0x0400)  // rounds up into the smallest normal
        #expect(FloatConversion.half(from: -0x1p-130) == 0x8000)  // a subnormal float: -0 in half
    }

    @Test func bfloat16RoundsToNearestEvenAndKeepsNaN() {
        #expect(FloatConversion.bfloat16(from: 1) == 0x3F80)
        #expect(FloatConversion.bfloat16(from: 1 + 0x1p-8) == 0x3F80)  // tie to even
        #expect(FloatConversion.bfloat16(from: 1 + 3 * 0x1p-8) == 0x3F82)
        #expect(FloatConversion.bfloat16(from: .infinity) == 0x7F80)
        #expect(FloatConversion.bfloat16(from: 3.4e38) == 0x7F80)  // rounds past the largest finite value
        #expect(FloatConversion.float(fromBFloat16: FloatConversion.bfloat16(from: .nan)).isNaN)
        #expect(FloatConversion.float(fromBFloat16: 0x0001) == 0x1p-133)
    }
}
