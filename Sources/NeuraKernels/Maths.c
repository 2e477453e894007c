// Element-wise maths and the LSTM cell: the portable loops, and the dispatching entry points.

#include "NeuraKernels.h"
#include "Internal.h"

void nk_exp_portable(float *values, ptrdiff_t count) {
    for (ptrdiff_t j = 0; j < count; j++) values[j] = nk_scalar_exp(values[j]);
}

void nk_sigmoid_portable(float *values, ptrdiff_t count) {
    for (ptrdiff_t j = 0; j < count; j++) values[j] = nk_scalar_sigmoid(values[j]);
}

void nk_tanh_portable(float *values, ptrdiff_t count) {
    for (ptrdiff_t j = 0; j < count; j++) values[j] = nk_scalar_tanh(values[j]);
}

float nk_sum_exp_portable(const float *values, ptrdiff_t count, float shift) {
    float sum = 0;
    for (ptrdiff_t j = 0; j < count; j++) sum += nk_scalar_exp(values[j] - shift);
    return sum;
}

void nk_add_scaled_exp_portable(float *target, const float *values, ptrdiff_t count, float shift,
                                float scale) {
    for (ptrdiff_t j = 0; j < count; j++) target[j] += scale * nk_scalar_exp(values[j] - shift);
}

void nk_lstm_cell_forward_portable(float *gates, const float *previous_cell, float *cell,
                                   float *cell_tanh, float *hidden, ptrdiff_t batch,
                                   ptrdiff_t hidden_size) {
    const ptrdiff_t h = hidden_size;
    for (ptrdiff_t row = 0; row < batch; row++) {
        float *g = gates + row * 4 * h;
        const ptrdiff_t state = row * h;
        for (ptrdiff_t j = 0; j < h; j++) {
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

void nk_lstm_cell_backward_portable(float *gates_grad, float *cell_carry, const float *hidden_grad,
                                    const float *hidden_carry, const float *gates,
                                    const float *previous_cell, const float *cell_tanh,
                                    ptrdiff_t batch, ptrdiff_t hidden_size) {
    const ptrdiff_t h = hidden_size;
    for (ptrdiff_t row = 0; row < batch; row++) {
        const float *g = gates + row * 4 * h;
        float *dg = gates_grad + row * 4 * h;
        const ptrdiff_t state = row * h;
        for (ptrdiff_t j = 0; j < h; j++) {
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

#if NK_X86
#define NK_DISPATCH(call_avx2, call_portable) \
    do {                                      \
        if (nk_uses_avx2()) {                 \
            call_avx2;                        \
        } else {                              \
            call_portable;                    \
        }                                     \
    } while (0)
#else
#define NK_DISPATCH(call_avx2, call_portable) call_portable
#endif

void nk_exp(float *values, ptrdiff_t count) {
    NK_DISPATCH(nk_exp_avx2(values, count), nk_exp_portable(values, count));
}

void nk_sigmoid(float *values, ptrdiff_t count) {
    NK_DISPATCH(nk_sigmoid_avx2(values, count), nk_sigmoid_portable(values, count));
}

void nk_tanh(float *values, ptrdiff_t count) {
    NK_DISPATCH(nk_tanh_avx2(values, count), nk_tanh_portable(values, count));
}

float nk_sum_exp(const float *values, ptrdiff_t count, float shift) {
#if NK_X86
    if (nk_uses_avx2()) return nk_sum_exp_avx2(values, count, shift);
#endif
    return nk_sum_exp_portable(values, count, shift);
}

void nk_add_scaled_exp(float *target, const float *values, ptrdiff_t count, float shift, float scale) {
    NK_DISPATCH(nk_add_scaled_exp_avx2(target, values, count, shift, scale),
                nk_add_scaled_exp_portable(target, values, count, shift, scale));
}

void nk_lstm_cell_forward(float *gates, const float *previous_cell, float *cell, float *cell_tanh,
                          float *hidden, ptrdiff_t batch, ptrdiff_t hidden_size) {
    NK_DISPATCH(
        nk_lstm_cell_forward_avx2(gates, previous_cell, cell, cell_tanh, hidden, batch, hidden_size),
        nk_lstm_cell_forward_portable(gates, previous_cell, cell, cell_tanh, hidden, batch, hidden_size));
}

void nk_lstm_cell_backward(float *gates_grad, float *cell_carry, const float *hidden_grad,
                           const float *hidden_carry, const float *gates, const float *previous_cell,
                           const float *cell_tanh, ptrdiff_t batch, ptrdiff_t hidden_size) {
    NK_DISPATCH(
        nk_lstm_cell_backward_avx2(gates_grad, cell_carry, hidden_grad, hidden_carry, gates,
                                   previous_cell, cell_tanh, batch, hidden_size),
        nk_lstm_cell_backward_portable(gates_grad, cell_carry, hidden_grad, hidden_carry, gates,
                                       previous_cell, cell_tanh, batch, hidden_size));
}
