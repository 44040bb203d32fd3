#include "jpeg_pixels.h"
#include <string.h>

void fbi_cmyk_row_to_rgb(const uint8_t *cmyk, uint8_t *rgb, size_t count, int adobe_inverted) {
    for (size_t i = 0; i < count; i++, cmyk += 4, rgb += 3) {
        unsigned c = cmyk[0], m = cmyk[1], y = cmyk[2], k = cmyk[3];
        if (!adobe_inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
        /* (x + 127) / 255 rounds x / 255 to nearest (x / 255 is never exactly halfway). */
        rgb[0] = (uint8_t)((c * k + 127) / 255);
        rgb[1] = (uint8_t)((m * k + 127) / 255);
        rgb[2] = (uint8_t)((y * k + 127) / 255);
    }
}

/* The output (12 MP RGB = 144 MB) is far larger than any cache, so whole 64-byte lines are written with
   non-temporal stores: they skip the read-for-ownership and keep libjpeg's tables and row buffers in
   cache (measured: the pass costs ~3x less CPU). */
void fbi_widen_row(const uint8_t *in, float *out, size_t count) {
    size_t i = 0;
#if defined(__clang__)
    typedef float line_of_floats __attribute__((vector_size(64)));
    for (; i < count && ((uintptr_t)(out + i) & 63) != 0; i++) out[i] = (float)in[i];
    for (; i + 16 <= count; i += 16) {
        line_of_floats line;
        for (int k = 0; k < 16; k++) line[k] = (float)in[i + k];
        __builtin_nontemporal_store(line, (line_of_floats *)(out + i));
    }
#endif
    for (; i < count; i++) out[i] = (float)in[i];
}

/* The source pixel of output pixel (x, y) is start + x·step_x + y·step_y (in pixels). */
static void orientation_steps(ptrdiff_t w, ptrdiff_t h, int orientation, ptrdiff_t *start, ptrdiff_t *step_x, ptrdiff_t *step_y) {
    switch (orientation) {
    case 2: *start = w - 1; *step_x = -1; *step_y = w; break;
    case 3: *start = (h - 1) * w + w - 1; *step_x = -1; *step_y = -w; break;
    case 4: *start = (h - 1) * w; *step_x = 1; *step_y = -w; break;
    case 5: *start = 0; *step_x = w; *step_y = 1; break;
    case 6: *start = (h - 1) * w; *step_x = -w; *step_y = 1; break;
    case 7: *start = (h - 1) * w + w - 1; *step_x = -w; *step_y = -1; break;
    default: *start = w - 1; *step_x = w; *step_y = -1; break;
    }
}

/* One body for both output types: square tiles, because a rotation reads source columns and a tile
   keeps those reads in cache. */
#define FBI_ORIENT(OUT_TYPE)                                                                              \
    const ptrdiff_t w = (ptrdiff_t)width, h = (ptrdiff_t)height, c = channels;                           \
    const int swaps = orientation >= 5;                                                                   \
    const ptrdiff_t out_w = swaps ? h : w, out_h = swaps ? w : h;                                         \
    ptrdiff_t start, step_x, step_y;                                                                      \
    orientation_steps(w, h, orientation, &start, &step_x, &step_y);                                      \
    enum { TILE = 64 };                                                                                   \
    for (ptrdiff_t tile_y = 0; tile_y < out_h; tile_y += TILE) {                                          \
        const ptrdiff_t end_y = tile_y + TILE < out_h ? tile_y + TILE : out_h;                            \
        for (ptrdiff_t tile_x = 0; tile_x < out_w; tile_x += TILE) {                                      \
            const ptrdiff_t end_x = tile_x + TILE < out_w ? tile_x + TILE : out_w;                        \
            for (ptrdiff_t y = tile_y; y < end_y; y++) {                                                  \
                const uint8_t *s = image + (start + tile_x * step_x + y * step_y) * c;                    \
                OUT_TYPE *d = out + (y * out_w + tile_x) * c;                                              \
                const ptrdiff_t n = end_x - tile_x, step = step_x * c;                                    \
                if (c == 3) {                                                                             \
                    for (ptrdiff_t x = 0; x < n; x++, s += step, d += 3) {                                \
                        d[0] = (OUT_TYPE)s[0]; d[1] = (OUT_TYPE)s[1]; d[2] = (OUT_TYPE)s[2];              \
                    }                                                                                     \
                } else {                                                                                  \
                    for (ptrdiff_t x = 0; x < n; x++, s += step, d += c)                                  \
                        for (ptrdiff_t k = 0; k < c; k++) d[k] = (OUT_TYPE)s[k];                          \
                }                                                                                         \
            }                                                                                             \
        }                                                                                                 \
    }

void fbi_orient_widen(const uint8_t *image, size_t width, size_t height, int channels, int orientation, float *out) {
    FBI_ORIENT(float)
}

void fbi_orient_copy(const uint8_t *image, size_t width, size_t height, int channels, int orientation, uint8_t *out) {
    FBI_ORIENT(uint8_t)
}
