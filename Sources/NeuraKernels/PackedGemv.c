// Packing weights into panels, the portable packed products, and their dispatch.

#include "NeuraKernels.h"
#include "Internal.h"

size_t nk_packed_count(ptrdiff_t rows, ptrdiff_t columns) {
    ptrdiff_t panels = (rows + NK_PANEL_ROWS - 1) / NK_PANEL_ROWS;
    return (size_t)(panels * NK_PANEL_ROWS * columns);
}

/// Packs the (rows, columns) matrix whose element (r, c) is at matrix[r·row_stride + c·column_stride].
static void pack_f32_strided(const float *matrix, ptrdiff_t rows, ptrdiff_t columns, ptrdiff_t row_stride,
                             ptrdiff_t column_stride, float *packed) {
    ptrdiff_t panels = (rows + NK_PANEL_ROWS - 1) / NK_PANEL_ROWS;
    for (ptrdiff_t panel = 0; panel < panels; panel++) {
        float *out = packed + panel * NK_PANEL_ROWS * columns;
        for (ptrdiff_t column = 0; column < columns; column++) {
            for (ptrdiff_t lane = 0; lane < NK_PANEL_ROWS; lane++) {
                ptrdiff_t row = panel * NK_PANEL_ROWS + lane;
                out[column * NK_PANEL_ROWS + lane] =
                    row < rows ? matrix[row * row_stride + column * column_stride] : 0.0f;
            }
        }
    }
}

void nk_pack_f32(const float *matrix, ptrdiff_t rows, ptrdiff_t columns, float *packed) {
    pack_f32_strided(matrix, rows, columns, columns, 1, packed);
}

void nk_pack_f32_transposed(const float *matrix, ptrdiff_t rows, ptrdiff_t columns, float *packed) {
    pack_f32_strided(matrix, columns, rows, 1, columns, packed);
}

void nk_pack_f16(const float *matrix, ptrdiff_t rows, ptrdiff_t columns, uint16_t *packed) {
    ptrdiff_t panels = (rows + NK_PANEL_ROWS - 1) / NK_PANEL_ROWS;
    for (ptrdiff_t panel = 0; panel < panels; panel++) {
        uint16_t *out = packed + panel * NK_PANEL_ROWS * columns;
        for (ptrdiff_t column = 0; column < columns; column++) {
            for (ptrdiff_t lane = 0; lane < NK_PANEL_ROWS; lane++) {
                ptrdiff_t row = panel * NK_PANEL_ROWS + lane;
                out[column * NK_PANEL_ROWS + lane] =
                    row < rows ? nk_float_to_half(matrix[row * columns + column]) : 0;
            }
        }
    }
}

// The portable products sum each output over the columns in order, one panel lane at a time.
void nk_packed_gemv_f32_portable(const float *packed, ptrdiff_t rows, ptrdiff_t columns,
                                 const float *x, ptrdiff_t x_stride, float *y, ptrdiff_t y_stride,
                                 ptrdiff_t streams) {
    for (ptrdiff_t row = 0; row < rows; row++) {
        const float *weights = packed + (row / NK_PANEL_ROWS) * NK_PANEL_ROWS * columns + row % NK_PANEL_ROWS;
        for (ptrdiff_t stream = 0; stream < streams; stream++) {
            const float *input = x + stream * x_stride;
            float sum = 0;
            for (ptrdiff_t column = 0; column < columns; column++) sum += weights[column * NK_PANEL_ROWS] * input[column];
            y[stream * y_stride + row] += sum;
        }
    }
}

void nk_packed_gemv_f16_portable(const uint16_t *packed, ptrdiff_t rows, ptrdiff_t columns,
                                 const float *x, ptrdiff_t x_stride, float *y, ptrdiff_t y_stride,
                                 ptrdiff_t streams) {
    for (ptrdiff_t row = 0; row < rows; row++) {
        const uint16_t *weights = packed + (row / NK_PANEL_ROWS) * NK_PANEL_ROWS * columns + row % NK_PANEL_ROWS;
        for (ptrdiff_t stream = 0; stream < streams; stream++) {
            const float *input = x + stream * x_stride;
            float sum = 0;
            for (ptrdiff_t column = 0; column < columns; column++) {
                sum += nk_half_to_float(weights[column * NK_PANEL_ROWS]) * input[column];
            }
            y[stream * y_stride + row] += sum;
        }
    }
}

void nk_packed_gemv_f32(const float *packed, ptrdiff_t rows, ptrdiff_t columns, const float *x,
                        ptrdiff_t x_stride, float *y, ptrdiff_t y_stride, ptrdiff_t streams) {
#if NK_X86
    if (nk_uses_avx2()) {
        nk_packed_gemv_f32_avx2(packed, rows, columns, x, x_stride, y, y_stride, streams);
        return;
    }
#endif
    nk_packed_gemv_f32_portable(packed, rows, columns, x, x_stride, y, y_stride, streams);
}

void nk_packed_gemv_f16(const uint16_t *packed, ptrdiff_t rows, ptrdiff_t columns, const float *x,
                        ptrdiff_t x_stride, float *y, ptrdiff_t y_stride, ptrdiff_t streams) {
#if NK_X86
    if (nk_uses_avx2()) {
        nk_packed_gemv_f16_avx2(packed, rows, columns, x, x_stride, y, y_stride, streams);
        return;
    }
#endif
    nk_packed_gemv_f16_portable(packed, rows, columns, x, x_stride, y, y_stride, streams);
}
