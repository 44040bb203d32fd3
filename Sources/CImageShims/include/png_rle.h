#ifndef FILTERBANK_PNG_RLE_H
#define FILTERBANK_PNG_RLE_H
#include <stddef.h>
#include <stdint.h>
#include "png_shim.h"

/** Writes a non-interlaced PNG of interleaved row-major samples (uint8, or native-endian uint16 when
    `bit_depth` is 16; 1 gray, 2 gray+alpha, 3 RGB or 4 RGBA channels) with the one row filter
    `filter` (0 None, 1 Sub, 2 Up) on every row, deflated with literals and distance-1 runs only (the
    kind of stream zlib writes with Z_RLE, several times faster), with `metadata` (NULL for none) as
    iCCP, eXIf and iTXt XMP chunks after IHDR. Needs zlib only for checksums and the iCCP profile; no
    libpng call, so no longjmp. Returns 1 and the file in `output` (free with `fb_png_buffer_free`), or
    0 and a message. */
int fb_png_encode_rle(const void *pixels, uint32_t width, uint32_t height, int channels, int bit_depth,
                      int filter, const fb_image_metadata *metadata, fb_png_buffer *output,
                      char *message, size_t message_capacity);

#endif
