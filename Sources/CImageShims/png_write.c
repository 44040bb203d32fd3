#include "png_messages.h"
#include "png_chunks.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    fb_png_buffer *output;
    fb_png_messages messages;
} fb_png_writer;

static void write_to_memory(png_structp png, png_bytep bytes, size_t length) {
    fb_png_writer *writer = (fb_png_writer *)png_get_io_ptr(png);
    fb_png_buffer *out = writer->output;
    if (length > out->capacity - out->count) {
        size_t needed = out->count + length;
        if (needed < out->count) png_error(png, "PNG too large for memory");
        size_t capacity = out->capacity > 0 ? out->capacity : 4096;
        while (capacity < needed) {
            if (capacity > SIZE_MAX / 2) { capacity = needed; break; }
            capacity *= 2;
        }
        uint8_t *grown = (uint8_t *)realloc(out->bytes, capacity);
        if (grown == NULL) png_error(png, "out of memory for the encoded PNG");
        out->bytes = grown;
        out->capacity = capacity;
    }
    memcpy(out->bytes + out->count, bytes, length);
    out->count += length;
}

static void flush_memory(png_structp png) { (void)png; }

/* Everything that can longjmp while writing; 0 on a libpng error. */
static int write_png(png_structp png, png_infop info, fb_png_writer *writer, png_bytepp rows,
                     uint32_t width, uint32_t height, int channels, int bit_depth,
                     const fb_png_write_options *options, const fbi_png_chunk *chunks, int chunk_count) {
    if (setjmp(png_jmpbuf(png))) return 0;
    static const int color_types[5] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                       PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};
    png_set_write_fn(png, writer, write_to_memory, flush_memory);
    png_set_compression_level(png, options->level);
    png_set_compression_strategy(png, options->strategy);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, options->filters);
    if (options->buffer_size > 0) png_set_compression_buffer_size(png, options->buffer_size);
    png_set_IHDR(png, info, width, height, bit_depth, color_types[channels],
                 options->interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_write_info(png, info);
    /* Metadata right after IHDR: iCCP must come before the image data. */
    for (int i = 0; i < chunk_count; i++)
        png_write_chunk(png, (png_const_bytep)chunks[i].type, chunks[i].data, chunks[i].size);
    if (bit_depth == 16 && fbi_png_is_little_endian()) png_set_swap(png);
    /* png_write_image runs the Adam7 passes itself when the image is interlaced. */
    png_write_image(png, rows);
    png_write_end(png, NULL);
    return 1;
}

int fb_png_encode(const void *pixels, uint32_t width, uint32_t height, int channels, int bit_depth,
                  const fb_png_write_options *options, const fb_image_metadata *metadata, fb_png_buffer *output,
                  char *message, size_t message_capacity) {
    if (output == NULL) {
        fbi_png_copy_text(message, message_capacity, "no output buffer");
        return 0;
    }
    memset(output, 0, sizeof *output);
    if (pixels == NULL || options == NULL || width == 0 || height == 0 || width > PNG_UINT_31_MAX ||
        height > PNG_UINT_31_MAX || channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16)) {
        fbi_png_copy_text(message, message_capacity, "invalid image: size, channels (1-4) or bit depth (8/16)");
        return 0;
    }
    fbi_png_chunk chunks[FBI_PNG_METADATA_CHUNKS];
    const char *failure = NULL;
    int chunk_count = fbi_png_metadata_chunks(metadata, chunks, &failure);
    if (chunk_count < 0) {
        fbi_png_copy_text(message, message_capacity, failure);
        return 0;
    }
    size_t row_bytes = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    png_bytepp rows = (png_bytepp)malloc((size_t)height * sizeof(png_bytep));
    fb_png_writer writer;
    memset(&writer, 0, sizeof writer);
    writer.output = output;
    png_structp png = rows != NULL
        ? png_create_write_struct(PNG_LIBPNG_VER_STRING, &writer.messages, fbi_png_on_error, fbi_png_on_warning) : NULL;
    png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
    if (rows == NULL || png == NULL || info == NULL) {
        fbi_png_copy_text(message, message_capacity, "out of memory");
        if (png != NULL) png_destroy_write_struct(&png, info != NULL ? &info : NULL);
        free(rows);
        fbi_png_free_chunks(chunks, chunk_count);
        return 0;
    }
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)pixels + (size_t)y * row_bytes;
    int ok = write_png(png, info, &writer, rows, width, height, channels, bit_depth, options, chunks, chunk_count);
    png_destroy_write_struct(&png, &info);
    free(rows);
    fbi_png_free_chunks(chunks, chunk_count);
    if (!ok) {
        fbi_png_copy_text(message, message_capacity, writer.messages.message);
        fb_png_buffer_free(output);
    }
    return ok;
}

void fb_png_buffer_free(fb_png_buffer *buffer) {
    if (buffer == NULL) return;
    free(buffer->bytes);
    memset(buffer, 0, sizeof *buffer);
}
