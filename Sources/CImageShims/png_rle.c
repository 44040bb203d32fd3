#include "png_rle.h"
#include "deflate_rle.h"
#include "png_chunks.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* A PNG writer for the one setting FilterBank writes most: one PNG row filter (None, Sub or Up) for
   every row, deflated by the run-only coder of deflate_rle.c. Filtered feature maps have little else
   to match but skewed byte statistics and, where a map is flat, long runs, so this keeps zlib's Z_RLE
   file sizes at several times its speed. */

enum { IDAT_BYTES = 1 << 18 };  /* the largest IDAT chunk written */

static void put_be32(uint8_t *at, uint32_t value) {
    at[0] = (uint8_t)(value >> 24); at[1] = (uint8_t)(value >> 16);
    at[2] = (uint8_t)(value >> 8); at[3] = (uint8_t)value;
}

/* Filters one row (`filter` 0 None, 1 Sub, 2 Up) into `out` after its filter-type byte. Samples are
   written big-endian, as PNG stores 16-bit samples; `prior` is the previous raw row or NULL. */
static void filter_row(const uint8_t *row, const uint8_t *prior, size_t row_bytes, int bpp, int swap16,
                       int filter, uint8_t *out, uint8_t *scratch) {
    if (swap16) {
        for (size_t k = 0; k + 1 < row_bytes; k += 2) { scratch[k] = row[k + 1]; scratch[k + 1] = row[k]; }
        row = scratch;
    }
    out[0] = (uint8_t)filter;
    uint8_t *o = out + 1;
    if (filter == 2 && prior != NULL) {
        for (size_t k = 0; k < row_bytes; k++) o[k] = (uint8_t)(row[k] - prior[k]);
    } else if (filter == 1) {
        size_t first = (size_t)bpp < row_bytes ? (size_t)bpp : row_bytes;
        memcpy(o, row, first);
        for (size_t k = first; k < row_bytes; k++) o[k] = (uint8_t)(row[k] - row[k - bpp]);
    } else {
        memcpy(o, row, row_bytes); /* None, or Up on the first row (the row above counts as zeros) */
    }
}

/* Appends one chunk at `*at` (the caller has reserved 12 + size bytes) and advances `*at`. */
static void put_chunk(uint8_t **at, const char *type, const uint8_t *data, uint32_t size) {
    uint8_t *start = *at;
    put_be32(start, size);
    memcpy(start + 4, type, 4);
    if (size > 0) memcpy(start + 8, data, size);
    uLong crc = crc32(0L, start + 4, 4 + size);
    put_be32(start + 8 + size, (uint32_t)crc);
    *at += 12 + (size_t)size;
}

static int fail(char *message, size_t message_capacity, const char *text) {
    if (message_capacity > 0) {
        strncpy(message, text, message_capacity - 1);
        message[message_capacity - 1] = 0;
    }
    return 0;
}

/* The filtered rows as one zlib stream (malloc'd), or NULL when out of memory. */
static uint8_t *deflate_rows(const uint8_t *image, uint32_t height, size_t row_bytes, int bpp, int swap16,
                             int filter, size_t *zsize) {
    const size_t filtered_row = row_bytes + 1;
    /* One filtered row, then (16-bit only) the current row byte-swapped and the previous one. */
    uint8_t *rows = (uint8_t *)malloc(filtered_row + 2 * row_bytes);
    fbi_rle_stream *stream = rows != NULL ? fbi_rle_open(filtered_row) : NULL;
    if (stream == NULL) {
        free(rows);
        return NULL;
    }
    uint8_t *swapped = rows + filtered_row, *previous = swapped + row_bytes;
    int ok = 1;
    for (uint32_t y = 0; y < height && ok; y++) {
        const uint8_t *row = image + (size_t)y * row_bytes;
        const uint8_t *prior = NULL;
        if (y > 0) prior = swap16 ? previous : row - row_bytes;
        filter_row(row, prior, row_bytes, bpp, swap16, filter, rows, swapped);
        if (swap16) memcpy(previous, swapped, row_bytes); /* Up compares big-endian bytes */
        ok = fbi_rle_write(stream, rows, filtered_row, y + 1 == height);
    }
    free(rows);
    return fbi_rle_close(stream, zsize);
}

int fb_png_encode_rle(const void *pixels, uint32_t width, uint32_t height, int channels, int bit_depth,
                      int filter, const fb_image_metadata *metadata, fb_png_buffer *output,
                      char *message, size_t message_capacity) {
    static const uint16_t probe = 1;
    memset(output, 0, sizeof *output);
    if (*(const uint8_t *)&probe != 1) return fail(message, message_capacity, "the built-in PNG writer needs a little-endian CPU");
    if (pixels == NULL || width == 0 || height == 0 || width > 0x7FFFFFFF || height > 0x7FFFFFFF ||
        channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16) || filter < 0 || filter > 2)
        return fail(message, message_capacity,
                    "invalid image: size, channels (1-4), bit depth (8/16) or filter (None/Sub/Up)");
    const int bpp = channels * bit_depth / 8;
    const size_t row_bytes = (size_t)width * (size_t)bpp;
    if (row_bytes / (size_t)bpp != width || row_bytes > SIZE_MAX / 8) return fail(message, message_capacity, "image too large");

    fbi_png_chunk extra[FBI_PNG_METADATA_CHUNKS];
    const char *failure = NULL;
    int extra_count = fbi_png_metadata_chunks(metadata, extra, &failure);
    if (extra_count < 0) return fail(message, message_capacity, failure);
    size_t extra_bytes = 0;
    for (int i = 0; i < extra_count; i++) extra_bytes += 12 + extra[i].size;

    size_t zsize = 0;
    uint8_t *zdata = deflate_rows((const uint8_t *)pixels, height, row_bytes, bpp, bit_depth == 16, filter, &zsize);
    /* Signature, IHDR, metadata, IDAT chunks of at most IDAT_BYTES, IEND. */
    size_t chunks = (zsize + IDAT_BYTES - 1) / IDAT_BYTES;
    size_t total = 8 + 25 + extra_bytes + zsize + 12 * chunks + 12;
    uint8_t *png = zdata != NULL ? (uint8_t *)malloc(total) : NULL;
    if (png == NULL) {
        free(zdata);
        fbi_png_free_chunks(extra, extra_count);
        return fail(message, message_capacity, "out of memory");
    }
    static const uint8_t signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    memcpy(png, signature, 8);
    uint8_t *at = png + 8;
    static const uint8_t color_types[5] = {0, 0, 4, 2, 6};
    uint8_t header[13];
    put_be32(header, width);
    put_be32(header + 4, height);
    header[8] = (uint8_t)bit_depth;
    header[9] = color_types[channels];
    header[10] = header[11] = header[12] = 0; /* deflate, adaptive filtering method, no interlace */
    put_chunk(&at, "IHDR", header, 13);
    for (int i = 0; i < extra_count; i++) put_chunk(&at, extra[i].type, extra[i].data, (uint32_t)extra[i].size);
    fbi_png_free_chunks(extra, extra_count);
    for (size_t offset = 0; offset < zsize; offset += IDAT_BYTES) {
        size_t size = zsize - offset < IDAT_BYTES ? zsize - offset : IDAT_BYTES;
        put_chunk(&at, "IDAT", zdata + offset, (uint32_t)size);
    }
    put_chunk(&at, "IEND", NULL, 0);
    free(zdata);
    output->bytes = png;
    output->count = (size_t)(at - png);
    output->capacity = total;
    return 1;
}
