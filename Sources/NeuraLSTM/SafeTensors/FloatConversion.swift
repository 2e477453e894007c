// Bit-level conversions between Float32 and the 16-bit float formats.
//
// Done by hand rather than through `Float16` because `Float16` is missing on some platforms
// (macOS on Intel) and because the rounding and the NaN payloads must be exactly what
// PyTorch and numpy produce, which the tests pin down.

enum FloatConversion {
    /// IEEE 754 binary16 → Float32. Exact: every half value is representable as a Float.
    static func float(fromHalf bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x03FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa × 2^-24, which Float holds exactly.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }

    /// Float32 → IEEE 754 binary16, rounding to nearest, ties to even; overflow gives ±inf.
    static func half(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x007F_FFFF
        if exponent == 0xFF {
            if mantissa == 0 { return sign | 0x7C00 }
            // Keep the top payload bits and force the quiet bit so that no NaN turns into inf.
            return sign | 0x7E00 | UInt16(truncatingIfNeeded: mantissa >> 13)
        }
        let halfExponent = exponent - 127 + 15
        if halfExponent >= 0x1F { return sign | 0x7C00 }
        if halfExponent >= 1 {
            var result = UInt32(halfExponent) << 10 | (mantissa >> 13)
            let remainder = mantissa & 0x1FFF
            if remainder > 0x1000 || (remainder == 0x1000 && result & 1 == 1) {
                // A carry out of the mantissa correctly bumps the exponent, up to inf.
                result += 1
            }
            return sign | UInt16(result)
        }
        // Subnormal half (or zero): the value is significand × 2^-24.
        let shift = 14 - halfExponent
        if shift > 24 { return sign }
        let significand = mantissa | 0x0080_0000
        var result = significand >> UInt32(shift)
        let remainder = significand & ((1 << UInt32(shift)) - 1)
        let halfway = UInt32(1) << UInt32(shift - 1)
        if remainder > halfway || (remainder == halfway && result & 1 == 1) {
            result += 1
        }
        return sign | UInt16(result)
    }

    /// bfloat16 → Float32: bfloat16 is the top half of a Float32.
    static func float(fromBFloat16 bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// Float32 → bfloat16, rounding to nearest, ties to even (as PyTorch does).
    static func bfloat16(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN {
            return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040
        }
        let lsb = (bits >> 16) & 1
        let rounded = bits &+ 0x7FFF &+ lsb
        return UInt16(truncatingIfNeeded: rounded >> 16)
    }
}
