// Run-time choice between the AVX2 kernels and the portable ones, and the binary16 conversions.

#include "NeuraKernels.h"
#include "Internal.h"

#include <string.h>

#if NK_X86
#include <cpuid.h>

static int detect_avx2(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned fma = 1u << 12, osxsave = 1u << 27, avx = 1u << 28, f16c = 1u << 29;
    if ((ecx & (fma | osxsave | avx | f16c)) != (fma | osxsave | avx | f16c)) return 0;
    // The OS must save the YMM registers on a context switch (XCR0 bits 1 and 2).
    unsigned xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6u) != 6u) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx & (1u << 5)) != 0;
}
#endif

int nk_uses_avx2(void) {
#if NK_X86
    // -1 until the first call; racing first calls all store the same answer.
    static int cached = -1;
    int known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (known < 0) {
        known = detect_avx2();
        __atomic_store_n(&cached, known, __ATOMIC_RELAXED);
    }
    return known;
#else
    return 0;
#endif
}

float nk_half_to_float(uint16_t half) {
    uint32_t sign = (uint32_t)(half & 0x8000u) << 16;
    uint32_t exponent = (half >> 10) & 0x1fu;
    uint32_t mantissa = half & 0x3ffu;
    uint32_t bits;
    if (exponent == 0) {
        // Zero or subnormal: mantissa · 2⁻²⁴, exact in float.
        float magnitude = (float)mantissa * 5.9604644775390625e-8f;
        memcpy(&bits, &magnitude, 4);
        bits |= sign;
    } else if (exponent == 31) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
    }
    float value;
    memcpy(&value, &bits, 4);
    return value;
}

uint16_t nk_float_to_half(float value) {
    uint32_t bits;
    memcpy(&bits, &value, 4);
    uint16_t sign = (uint16_t)((bits >> 16) & 0x8000u);
    uint32_t magnitude = bits & 0x7fffffffu;
    if (magnitude > 0x7f800000u) return sign | 0x7e00u | (uint16_t)((magnitude >> 13) & 0x3ffu);
    if (magnitude >= 0x477ff000u) return sign | 0x7c00u;  // 65520 and up round to infinity
    if (magnitude >= 0x38800000u) {
        // Normal: rebias the exponent (127 → 15), then round the 13 dropped bits to nearest even;
        // a carry out of the mantissa correctly bumps the exponent.
        uint32_t rebiased = magnitude - 0x38000000u;
        rebiased += 0xfffu + ((rebiased >> 13) & 1u);
        return sign | (uint16_t)(rebiased >> 13);
    }
    uint32_t exponent = magnitude >> 23;
    if (exponent < 102) return sign;  // below 2⁻²⁵: rounds to zero
    // Subnormal half: the 24-bit significand shifted down to units of 2⁻²⁴, rounded to even.
    uint32_t significand = (magnitude & 0x7fffffu) | 0x800000u;
    uint32_t shift = 126 - exponent;
    uint32_t result = significand >> shift;
    uint32_t remainder = significand & ((1u << shift) - 1u);
    uint32_t halfway = 1u << (shift - 1);
    if (remainder > halfway || (remainder == halfway && (result & 1u))) result += 1;
    return sign | (uint16_t)result;
}
