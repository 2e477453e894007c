#ifndef NEURASCORE_KERNELS_H
#define NEURASCORE_KERNELS_H

// Hand-vectorised kernels for the LSTM engine's hot loops. The package is compiled for baseline
// x86-64 (SSE2), so these carry their own AVX2/FMA/F16C code, chosen once at run time. Every
// kernel also has a portable C version (the `_portable` names) that computes the same formulas;
// it runs on every other CPU, and the tests hold the two against each other.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when the AVX2/FMA/F16C paths run on this CPU, 0 when the portable path does.
int nk_uses_avx2(void);

// ---- element-wise maths (in place) ------------------------------------------------------------
// Same formulas as the Swift FastMath: a few float ulps from libm, and NaN in gives NaN out.

void nk_exp(float *values, ptrdiff_t count);
void nk_sigmoid(float *values, ptrdiff_t count);
void nk_tanh(float *values, ptrdiff_t count);
void nk_exp_portable(float *values, ptrdiff_t count);
void nk_sigmoid_portable(float *values, ptrdiff_t count);
void nk_tanh_portable(float *values, ptrdiff_t count);

/// Σ exp(values[j] − shift), the softmax denominator.
float nk_sum_exp(const float *values, ptrdiff_t count, float shift);
float nk_sum_exp_portable(const float *values, ptrdiff_t count, float shift);

/// target[j] += scale · exp(values[j] − shift): a softmax row's share of the cross-entropy gradient.
void nk_add_scaled_exp(float *target, const float *values, ptrdiff_t count, float shift, float scale);
void nk_add_scaled_exp_portable(float *target, const float *values, ptrdiff_t count, float shift,
                                float scale);

// ---- LSTM cell --------------------------------------------------------------------------------

/// One step of B rows. `gates` (B, 4H) holds the pre-activations i, f, g, o on entry and
/// σ(i) σ(f) tanh(g) σ(o) on return. Writes cell (B, H) = f·previous + i·g, cell_tanh = tanh(cell)
/// and hidden = o·cell_tanh. `cell` may be the same buffer as `previous_cell`.
void nk_lstm_cell_forward(float *gates, const float *previous_cell, float *cell, float *cell_tanh,
                          float *hidden, ptrdiff_t batch, ptrdiff_t hidden_size);
void nk_lstm_cell_forward_portable(float *gates, const float *previous_cell, float *cell,
                                   float *cell_tanh, float *hidden, ptrdiff_t batch,
                                   ptrdiff_t hidden_size);

/// Backward of one step: writes d pre-activations (B, 4H) into `gates_grad`; `cell_carry` (B, H)
/// holds d c_t on entry and d c_{t−1} on return; d h_t = hidden_grad + hidden_carry.
void nk_lstm_cell_backward(float *gates_grad, float *cell_carry, const float *hidden_grad,
                           const float *hidden_carry, const float *gates, const float *previous_cell,
                           const float *cell_tanh, ptrdiff_t batch, ptrdiff_t hidden_size);
void nk_lstm_cell_backward_portable(float *gates_grad, float *cell_carry, const float *hidden_grad,
                                    const float *hidden_carry, const float *gates,
                                    const float *previous_cell, const float *cell_tanh,
                                    ptrdiff_t batch, ptrdiff_t hidden_size);

// ---- packed matrix-vector products for generation ---------------------------------------------
// A row-major (rows, columns) weight matrix is repacked into panels of NK_PANEL_ROWS rows: panel p
// holds, column after column, the NK_PANEL_ROWS values of rows p·NK_PANEL_ROWS…, and the last
// panel is padded with zeros. A product then reads the weights once, front to back, for any
// number of streams, and never repacks (OpenBLAS's sgemm repacks on every call).

#define NK_PANEL_ROWS 16

/// Elements (floats or halves) in the packed copy of a (rows, columns) matrix.
size_t nk_packed_count(ptrdiff_t rows, ptrdiff_t columns);

void nk_pack_f32(const float *matrix, ptrdiff_t rows, ptrdiff_t columns, float *packed);
/// Packs the transpose of a row-major (rows, columns) matrix: the packed matrix has `columns` rows
/// of `rows` values (for products with Mᵀ, as backpropagation through the recurrence needs).
void nk_pack_f32_transposed(const float *matrix, ptrdiff_t rows, ptrdiff_t columns, float *packed);
/// IEEE binary16, rounded to nearest even; magnitudes past 65504 round to ±inf.
void nk_pack_f16(const float *matrix, ptrdiff_t rows, ptrdiff_t columns, uint16_t *packed);

/// For each stream s < `streams`, with x_s = x + s·x_stride (columns floats) and
/// y_s = y + s·y_stride (rows floats): y_s += W · x_s, accumulated in float.
void nk_packed_gemv_f32(const float *packed, ptrdiff_t rows, ptrdiff_t columns, const float *x,
                        ptrdiff_t x_stride, float *y, ptrdiff_t y_stride, ptrdiff_t streams);
void nk_packed_gemv_f16(const uint16_t *packed, ptrdiff_t rows, ptrdiff_t columns, const float *x,
                        ptrdiff_t x_stride, float *y, ptrdiff_t y_stride, ptrdiff_t streams);
void nk_packed_gemv_f32_portable(const float *packed, ptrdiff_t rows, ptrdiff_t columns,
                                 const float *x, ptrdiff_t x_stride, float *y, ptrdiff_t y_stride,
                                 ptrdiff_t streams);
void nk_packed_gemv_f16_portable(const uint16_t *packed, ptrdiff_t rows, ptrdiff_t columns,
                                 const float *x, ptrdiff_t x_stride, float *y, ptrdiff_t y_stride,
                                 ptrdiff_t streams);

/// binary16 ↔ float, one value, rounding to nearest even.
float nk_half_to_float(uint16_t half);
uint16_t nk_float_to_half(float value);

#ifdef __cplusplus
}
#endif

#endif
