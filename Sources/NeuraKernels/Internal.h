#ifndef NEURASCORE_KERNELS_INTERNAL_H
#define NEURASCORE_KERNELS_INTERNAL_H

// Shared by the kernel files: the target switch and the scalar formulas that both the portable
// loops and the AVX2 loops' tails use.

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define NK_X86 1
#include <immintrin.h>
// Compiles one function for AVX2/FMA/F16C while the rest of the package stays at baseline x86-64.
#define NK_AVX2 __attribute__((target("avx2,fma,f16c")))
#else
#define NK_X86 0
#endif

#define NK_LOG2E 1.44269504f
// ln 2 split so that n·NK_LN2_HIGH is exact for the exponents that occur (|n| ≤ 128).
#define NK_LN2_HIGH 0.693359375f
#define NK_LN2_LOW (-2.1219444e-4f)
// Adding 1.5·2²³ rounds a float of magnitude below 2²² to an integer held in the low mantissa bits.
#define NK_ROUNDING_SHIFT 12582912.0f

static inline float nk_scalar_exp(float x) {
    // Comparisons with NaN are false, so NaN passes the clamp unchanged.
    float clamped = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
    float shifted = clamped * NK_LOG2E + NK_ROUNDING_SHIFT;
    float n = shifted - NK_ROUNDING_SHIFT;
    int32_t shifted_bits, shift_bits;
    float rounding_shift = NK_ROUNDING_SHIFT;
    memcpy(&shifted_bits, &shifted, 4);
    memcpy(&shift_bits, &rounding_shift, 4);
    int32_t exponent = shifted_bits - shift_bits;
    float r = clamped - n * NK_LN2_HIGH - n * NK_LN2_LOW;  // |r| ≤ ln2 / 2
    // Taylor series of e^r to r⁷: the remainder is below 6e-9 relative for |r| ≤ 0.347.
    float p = 1.0f / 5040;
    p = p * r + 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    uint32_t scale_bits = (uint32_t)(exponent + 127) << 23;
    float scale;
    memcpy(&scale, &scale_bits, 4);
    return p * scale;
}

static inline float nk_scalar_sigmoid(float x) { return 1.0f / (1.0f + nk_scalar_exp(-x)); }

static inline float nk_scalar_tanh(float x) {
    // Near zero 1 − 2/(e^{2x}+1) cancels, so small |x| uses the odd Taylor series, whose terms
    // past x¹³ are below 1e-9 for |x| < 0.3.
    float x2 = x * x;
    float p = 21844.0f / 6081075;
    p = p * x2 - 1382.0f / 155925;
    p = p * x2 + 62.0f / 2835;
    p = p * x2 - 17.0f / 315;
    p = p * x2 + 2.0f / 15;
    p = p * x2 - 1.0f / 3;
    float small = x + x * x2 * p;
    float large = 1.0f - 2.0f / (nk_scalar_exp(2.0f * x) + 1.0f);
    float magnitude = x < 0 ? -x : x;
    return magnitude < 0.3f ? small : large;
}

#if NK_X86
void nk_exp_avx2(float *values, ptrdiff_t count);
void nk_sigmoid_avx2(float *values, ptrdiff_t count);
void nk_tanh_avx2(float *values, ptrdiff_t count);
float nk_sum_exp_avx2(const float *values, ptrdiff_t count, float shift);
void nk_add_scaled_exp_avx2(float *target, const float *values, ptrdiff_t count, float shift, float scale);
void nk_lstm_cell_forward_avx2(float *gates, const float *previous_cell, float *cell,
                               float *cell_tanh, float *hidden, ptrdiff_t batch,
                               ptrdiff_t hidden_size);
void nk_lstm_cell_backward_avx2(float *gates_grad, float *cell_carry, const float *hidden_grad,
                                const float *hidden_carry, const float *gates,
                                const float *previous_cell, const float *cell_tanh,
                                ptrdiff_t batch, ptrdiff_t hidden_size);
void nk_packed_gemv_f32_avx2(const float *packed, ptrdiff_t rows, ptrdiff_t columns,
                             const float *x, ptrdiff_t x_stride, float *y, ptrdiff_t y_stride,
                             ptrdiff_t streams);
void nk_packed_gemv_f16_avx2(const uint16_t *packed, ptrdiff_t rows, ptrdiff_t columns,
                             const float *x, ptrdiff_t x_stride, float *y, ptrdiff_t y_stride,
                             ptrdiff_t streams);
#endif

#endif
