#ifndef FILTERBANK_JPEG_PIXELS_H
#define FILTERBANK_JPEG_PIXELS_H
/* Pixel conversions between libjpeg's 8-bit rows and the Float32 output (private to this target). */
#include <stddef.h>
#include <stdint.h>

/* CMYK to RGB, rounded to the nearest integer: R = 255·(1−C/255)·(1−K/255) for plain CMYK,
   R = C·K/255 for Adobe-inverted data (Photoshop stores 255 for no ink); G from M, B from Y. */
void fbi_cmyk_row_to_rgb(const uint8_t *cmyk, uint8_t *rgb, size_t count, int adobe_inverted);

/* `count` samples widened to Float32, written with non-temporal stores (see the .c file). */
void fbi_widen_row(const uint8_t *in, float *out, size_t count);

/* A whole `width × height × channels` (1 or 3) image turned upright by EXIF `orientation` (2…8) and
   widened to Float32 in one pass, so a rotated photo costs one read of its 8-bit pixels instead of a
   second full Float32 copy. `out` holds the upright image (width and height swapped for 5…8). */
void fbi_orient_widen(const uint8_t *image, size_t width, size_t height, int channels, int orientation, float *out);
/* The same turn without widening: the upright 8-bit image. */
void fbi_orient_copy(const uint8_t *image, size_t width, size_t height, int channels, int orientation, uint8_t *out);
#endif
