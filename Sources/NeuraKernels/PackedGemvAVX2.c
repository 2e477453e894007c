// The AVX2 packed products. A panel is 16 rows, two vectors of eight; each column of a panel is
// loaded once and multiplied into up to four streams, with the column loop unrolled for fewer
// streams, so every call keeps eight independent accumulators in flight.

#include "NeuraKernels.h"
#include "Internal.h"

#if NK_X86

NK_AVX2 static inline __attribute__((always_inline)) __m256 load8(const void *panel, ptrdiff_t index, const int half) {
    if (half) return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)((const uint16_t *)panel + index)));
    return _mm256_loadu_ps((const float *)panel + index);
}

/// y_s[0..<live] += panel · x_s for `streams` (1–4) streams, the column loop unrolled `unroll` times.
NK_AVX2 static inline __attribute__((always_inline)) void panel_block(
    const void *panel, ptrdiff_t columns, const float *x, ptrdiff_t x_stride, float *y,
    ptrdiff_t y_stride, ptrdiff_t live, const int streams, const int unroll, const int half) {
    __m256 sums[4][4][2];
    for (int u = 0; u < unroll; u++)
        for (int s = 0; s < streams; s++) sums[u][s][0] = sums[u][s][1] = _mm256_setzero_ps();
    ptrdiff_t column = 0;
    for (; column + unroll <= columns; column += unroll) {
        for (int u = 0; u < unroll; u++) {
            ptrdiff_t at = (column + u) * NK_PANEL_ROWS;
            __m256 low = load8(panel, at, half), high = load8(panel, at + 8, half);
            for (int s = 0; s < streams; s++) {
                __m256 input = _mm256_broadcast_ss(x + s * x_stride + column + u);
                sums[u][s][0] = _mm256_fmadd_ps(low, input, sums[u][s][0]);
                sums[u][s][1] = _mm256_fmadd_ps(high, input, sums[u][s][1]);
            }
        }
    }
    for (; column < columns; column++) {
        ptrdiff_t at = column * NK_PANEL_ROWS;
        __m256 low = load8(panel, at, half), high = load8(panel, at + 8, half);
        for (int s = 0; s < streams; s++) {
            __m256 input = _mm256_broadcast_ss(x + s * x_stride + column);
            sums[0][s][0] = _mm256_fmadd_ps(low, input, sums[0][s][0]);
            sums[0][s][1] = _mm256_fmadd_ps(high, input, sums[0][s][1]);
        }
    }
    for (int s = 0; s < streams; s++) {
        __m256 low = sums[0][s][0], high = sums[0][s][1];
        for (int u = 1; u < unroll; u++) {
            low = _mm256_add_ps(low, sums[u][s][0]);
            high = _mm256_add_ps(high, sums[u][s][1]);
        }
        float *out = y + s * y_stride;
        if (live == NK_PANEL_ROWS) {
            _mm256_storeu_ps(out, _mm256_add_ps(_mm256_loadu_ps(out), low));
            _mm256_storeu_ps(out + 8, _mm256_add_ps(_mm256_loadu_ps(out + 8), high));
        } else {
            float lanes[NK_PANEL_ROWS];
            _mm256_storeu_ps(lanes, low);
            _mm256_storeu_ps(lanes + 8, high);
            for (ptrdiff_t lane = 0; lane < live; lane++) out[lane] += lanes[lane];
        }
    }
}

NK_AVX2 static inline __attribute__((always_inline)) void packed_gemv(
    const void *packed, ptrdiff_t rows, ptrdiff_t columns, const float *x, ptrdiff_t x_stride,
    float *y, ptrdiff_t y_stride, ptrdiff_t streams, const int half) {
    const size_t element = half ? sizeof(uint16_t) : sizeof(float);
    for (ptrdiff_t first_row = 0; first_row < rows; first_row += NK_PANEL_ROWS) {
        const char *panel = (const char *)packed + (size_t)(first_row * columns) * element;
        ptrdiff_t live = rows - first_row < NK_PANEL_ROWS ? rows - first_row : NK_PANEL_ROWS;
        for (ptrdiff_t stream = 0; stream < streams;) {
            const float *xs = x + stream * x_stride;
            float *ys = y + stream * y_stride + first_row;
            switch (streams - stream) {
                case 1:
                    panel_block(panel, columns, xs, x_stride, ys, y_stride, live, 1, 4, half);
                    stream += 1;
                    break;
                case 2:
                    panel_block(panel, columns, xs, x_stride, ys, y_stride, live, 2, 2, half);
                    stream += 2;
                    break;
                case 3:
                    panel_block(panel, columns, xs, x_stride, ys, y_stride, live, 3, 1, half);
                    stream += 3;
                    break;
                default:
                    panel_block(panel, columns, xs, x_stride, ys, y_stride, live, 4, 1, half);
                    stream += 4;
                    break;
            }
        }
    }
}

NK_AVX2 void nk_packed_gemv_f32_avx2(const float *packed, ptrdiff_t rows, ptrdiff_t columns,
                                     const float *x, ptrdiff_t x_stride, float *y, ptrdiff_t y_stride,
                                     ptrdiff_t streams) {
    packed_gemv(packed, rows, columns, x, x_stride, y, y_stride, streams, 0);
}

NK_AVX2 void nk_packed_gemv_f16_avx2(const uint16_t *packed, ptrdiff_t rows, ptrdiff_t columns,
                                     const float *x, ptrdiff_t x_stride, float *y, ptrdiff_t y_stride,
                                     ptrdiff_t streams) {
    packed_gemv(packed, rows, columns, x, x_stride, y, y_stride, streams, 1);
}

#endif
