// AVX2/FMA versions of the element-wise maths and the LSTM cell, eight lanes at a time; the
// last few elements of a row go through the scalar formulas of Internal.h.

#include "NeuraKernels.h"
#include "Internal.h"

#if NK_X86

NK_AVX2 static inline __m256 exp8(__m256 x) {
    // max/min return their second operand when either is NaN, so NaN passes the clamp.
    __m256 clamped = _mm256_min_ps(_mm256_set1_ps(88.0f), _mm256_max_ps(_mm256_set1_ps(-87.0f), x));
    const __m256 rounding_shift = _mm256_set1_ps(NK_ROUNDING_SHIFT);
    __m256 shifted = _mm256_fmadd_ps(clamped, _mm256_set1_ps(NK_LOG2E), rounding_shift);
    __m256 n = _mm256_sub_ps(shifted, rounding_shift);
    __m256i exponent = _mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_castps_si256(rounding_shift));
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(NK_LN2_HIGH), clamped);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(NK_LN2_LOW), r);
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    __m256i scale = _mm256_slli_epi32(_mm256_add_epi32(exponent, _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(scale));
}

NK_AVX2 static inline __m256 sigmoid8(__m256 x) {
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 negated = _mm256_sub_ps(_mm256_setzero_ps(), x);
    return _mm256_div_ps(one, _mm256_add_ps(one, exp8(negated)));
}

NK_AVX2 static inline __m256 tanh8(__m256 x) {
    __m256 x2 = _mm256_mul_ps(x, x);
    __m256 p = _mm256_set1_ps(21844.0f / 6081075);
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-1382.0f / 155925));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(62.0f / 2835));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-17.0f / 315));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(2.0f / 15));
    p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(-1.0f / 3));
    __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(x, x2), p, x);
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 e2x = exp8(_mm256_add_ps(x, x));
    __m256 large = _mm256_sub_ps(one, _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e2x, one)));
    __m256 magnitude = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
    // An ordered compare is false for NaN, which then takes `large`, itself NaN.
    __m256 use_small = _mm256_cmp_ps(magnitude, _mm256_set1_ps(0.3f), _CMP_LT_OQ);
    return _mm256_blendv_ps(large, small, use_small);
}

NK_AVX2 void nk_exp_avx2(float *values, ptrdiff_t count) {
    ptrdiff_t j = 0;
    for (; j + 8 <= count; j += 8) _mm256_storeu_ps(values + j, exp8(_mm256_loadu_ps(values + j)));
    for (; j < count; j++) values[j] = nk_scalar_exp(values[j]);
}

NK_AVX2 void nk_sigmoid_avx2(float *values, ptrdiff_t count) {
    ptrdiff_t j = 0;
    for (; j + 8 <= count; j += 8) _mm256_storeu_ps(values + j, sigmoid8(_mm256_loadu_ps(values + j)));
    for (; j < count; j++) values[j] = nk_scalar_sigmoid(values[j]);
}

NK_AVX2 void nk_tanh_avx2(float *values, ptrdiff_t count) {
    ptrdiff_t j = 0;
    for (; j + 8 <= count; j += 8) _mm256_storeu_ps(values + j, tanh8(_mm256_loadu_ps(values + j)));
    for (; j < count; j++) values[j] = nk_scalar_tanh(values[j]);
}

NK_AVX2 float nk_sum_exp_avx2(const float *values, ptrdiff_t count, float shift) {
    __m256 sum = _mm256_setzero_ps();
    __m256 shift8 = _mm256_set1_ps(shift);
    ptrdiff_t j = 0;
    for (; j + 8 <= count; j += 8) sum = _mm256_add_ps(sum, exp8(_mm256_sub_ps(_mm256_loadu_ps(values + j), shift8)));
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
    float total = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]));
    for (; j < count; j++) total += nk_scalar_exp(values[j] - shift);
    return total;
}

NK_AVX2 void nk_add_scaled_exp_avx2(float *target, const float *values, ptrdiff_t count, float shift,
                                    float scale) {
    __m256 shift8 = _mm256_set1_ps(shift), scale8 = _mm256_set1_ps(scale);
    ptrdiff_t j = 0;
    for (; j + 8 <= count; j += 8) {
        __m256 share = exp8(_mm256_sub_ps(_mm256_loadu_ps(values + j), shift8));
        _mm256_storeu_ps(target + j, _mm256_fmadd_ps(scale8, share, _mm256_loadu_ps(target + j)));
    }
    for (; j < count; j++) target[j] += scale * nk_scalar_exp(values[j] - shift);
}

NK_AVX2 void nk_lstm_cell_forward_avx2(float *gates, const float *previous_cell, float *cell,
                                       float *cell_tanh, float *hidden, ptrdiff_t batch,
                                       ptrdiff_t hidden_size) {
    const ptrdiff_t h = hidden_size;
    for (ptrdiff_t row = 0; row < batch; row++) {
        float *g = gates + row * 4 * h;
        const ptrdiff_t state = row * h;
        ptrdiff_t j = 0;
        for (; j + 8 <= h; j += 8) {
            __m256 input_gate = sigmoid8(_mm256_loadu_ps(g + j));
            __m256 forget_gate = sigmoid8(_mm256_loadu_ps(g + h + j));
            __m256 candidate = tanh8(_mm256_loadu_ps(g + 2 * h + j));
            __m256 output_gate = sigmoid8(_mm256_loadu_ps(g + 3 * h + j));
            _mm256_storeu_ps(g + j, input_gate);
            _mm256_storeu_ps(g + h + j, forget_gate);
            _mm256_storeu_ps(g + 2 * h + j, candidate);
            _mm256_storeu_ps(g + 3 * h + j, output_gate);
            __m256 new_cell = _mm256_fmadd_ps(
                forget_gate, _mm256_loadu_ps(previous_cell + state + j), _mm256_mul_ps(input_gate, candidate));
            __m256 squashed = tanh8(new_cell);
            _mm256_storeu_ps(cell + state + j, new_cell);
            _mm256_storeu_ps(cell_tanh + state + j, squashed);
            _mm256_storeu_ps(hidden + state + j, _mm256_mul_ps(output_gate, squashed));
        }
        for (; j < h; j++) {
            float input_gate = nk_scalar_sigmoid(g[j]);
            float forget_gate = nk_scalar_sigmoid(g[h + j]);
            float candidate = nk_scalar_tanh(g[2 * h + j]);
            float output_gate = nk_scalar_sigmoid(g[3 * h + j]);
            g[j] = input_gate;
            g[h + j] = forget_gate;
            g[2 * h + j] = candidate;
            g[3 * h + j] = output_gate;
            float new_cell = forget_gate * previous_cell[state + j] + input_gate * candidate;
            float squashed = nk_scalar_tanh(new_cell);
            cell[state + j] = new_cell;
            cell_tanh[state + j] = squashed;
            hidden[state + j] = output_gate * squashed;
        }
    }
}

NK_AVX2 void nk_lstm_cell_backward_avx2(float *gates_grad, float *cell_carry, const float *hidden_grad,
                                        const float *hidden_carry, const float *gates,
                                        const float *previous_cell, const float *cell_tanh,
                                        ptrdiff_t batch, ptrdiff_t hidden_size) {
    const ptrdiff_t h = hidden_size;
    const __m256 one = _mm256_set1_ps(1.0f);
    for (ptrdiff_t row = 0; row < batch; row++) {
        const float *g = gates + row * 4 * h;
        float *dg = gates_grad + row * 4 * h;
        const ptrdiff_t state = row * h;
        ptrdiff_t j = 0;
        for (; j + 8 <= h; j += 8) {
            __m256 input_gate = _mm256_loadu_ps(g + j);
            __m256 forget_gate = _mm256_loadu_ps(g + h + j);
            __m256 candidate = _mm256_loadu_ps(g + 2 * h + j);
            __m256 output_gate = _mm256_loadu_ps(g + 3 * h + j);
            __m256 squashed = _mm256_loadu_ps(cell_tanh + state + j);
            __m256 d_hidden = _mm256_add_ps(_mm256_loadu_ps(hidden_grad + state + j),
                                            _mm256_loadu_ps(hidden_carry + state + j));
            __m256 d_cell = _mm256_fmadd_ps(
                _mm256_mul_ps(d_hidden, output_gate), _mm256_fnmadd_ps(squashed, squashed, one),
                _mm256_loadu_ps(cell_carry + state + j));
            __m256 d_input = _mm256_mul_ps(_mm256_mul_ps(d_cell, candidate),
                                           _mm256_mul_ps(input_gate, _mm256_sub_ps(one, input_gate)));
            __m256 d_forget = _mm256_mul_ps(_mm256_mul_ps(d_cell, _mm256_loadu_ps(previous_cell + state + j)),
                                            _mm256_mul_ps(forget_gate, _mm256_sub_ps(one, forget_gate)));
            __m256 d_candidate = _mm256_mul_ps(_mm256_mul_ps(d_cell, input_gate),
                                               _mm256_fnmadd_ps(candidate, candidate, one));
            __m256 d_output = _mm256_mul_ps(_mm256_mul_ps(d_hidden, squashed),
                                            _mm256_mul_ps(output_gate, _mm256_sub_ps(one, output_gate)));
            _mm256_storeu_ps(dg + j, d_input);
            _mm256_storeu_ps(dg + h + j, d_forget);
            _mm256_storeu_ps(dg + 2 * h + j, d_candidate);
            _mm256_storeu_ps(dg + 3 * h + j, d_output);
            _mm256_storeu_ps(cell_carry + state + j, _mm256_mul_ps(d_cell, forget_gate));
        }
        if (j < h) {
            // The scalar loop of the portable kernel, on the last columns of this row only.
            for (; j < h; j++) {
                float input_gate = g[j], forget_gate = g[h + j];
                float candidate = g[2 * h + j], output_gate = g[3 * h + j];
                float squashed = cell_tanh[state + j];
                float d_hidden = hidden_grad[state + j] + hidden_carry[state + j];
                float d_cell = cell_carry[state + j] + d_hidden * output_gate * (1 - squashed * squashed);
                dg[j] = d_cell * candidate * input_gate * (1 - input_gate);
                dg[h + j] = d_cell * previous_cell[state + j] * forget_gate * (1 - forget_gate);
                dg[2 * h + j] = d_cell * input_gate * (1 - candidate * candidate);
                dg[3 * h + j] = d_hidden * squashed * output_gate * (1 - output_gate);
                cell_carry[state + j] = d_cell * forget_gate;
            }
        }
    }
}

#endif
