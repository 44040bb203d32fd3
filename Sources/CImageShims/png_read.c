#include "png_reader.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The four-letter name of a chunk for messages ('?' for bytes that are not letters). */
static void chunk_name(const uint8_t *type, char name[5]) {
    for (int i = 0; i < 4; i++) {
        uint8_t c = type[i];
        name[i] = ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) ? (char)c : '?';
    }
    name[4] = 0;
}

/* libpng 1.6.39 only warns about a chunk over its malloc limit (a "benign error") and then allocates it
   anyway, so every chunk header is checked here, as libpng reads it and before it reads the chunk: a
   metadata chunk over the limit, or one claiming more bytes than the file holds, fails the file then.
   IDAT is exempt: libpng streams it, and a short last IDAT still yields the rows before the cut.
   Checking only when libpng gets there lets damage met earlier (a bad row filter) speak for itself. */
static void check_chunk_headers(fb_png_reader *reader) {
    while (reader->next_chunk <= reader->offset && reader->offset - reader->next_chunk >= 8) {
        const uint8_t *p = reader->data + reader->next_chunk;
        uint32_t length = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        size_t remaining = reader->size - reader->next_chunk - 8;
        if (memcmp(p + 4, "IDAT", 4) != 0) {
            char name[5], text[200];
            chunk_name(p + 4, name);
            if (reader->max_chunk_bytes > 0 && length > reader->max_chunk_bytes) {
                snprintf(text, sizeof text, "%s chunk of %u bytes is over the %zu-byte limit for metadata chunks",
                         name, length, reader->max_chunk_bytes);
                png_error(reader->png, text);
            }
            if ((size_t)length > remaining || remaining - (size_t)length < 4) {
                reader->hit_end = 1;
                snprintf(text, sizeof text, "file is truncated: %s chunk claims %u bytes but only %zu remain",
                         name, length, remaining);
                png_error(reader->png, text);
            }
        }
        reader->next_chunk += 12 + (size_t)length;
    }
}

static void read_from_memory(png_structp png, png_bytep out, size_t length) {
    fb_png_reader *reader = (fb_png_reader *)png_get_io_ptr(png);
    if (length > reader->size - reader->offset) {
        reader->hit_end = 1;
        png_error(png, "unexpected end of file (truncated data)");
    }
    memcpy(out, reader->data + reader->offset, length);
    reader->offset += length;
    check_chunk_headers(reader);
}

static void row_done(png_structp png, png_uint_32 row, int pass) {
    (void)row;
    (void)pass;
    ((fb_png_reader *)png_get_io_ptr(png))->rows_done++;
}

/* Channels after palette -> RGB and tRNS -> alpha. */
static int expanded_channels(int color_type, int has_trns) {
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: return has_trns ? 2 : 1;
    case PNG_COLOR_TYPE_GRAY_ALPHA: return 2;
    case PNG_COLOR_TYPE_RGB: return has_trns ? 4 : 3;
    case PNG_COLOR_TYPE_PALETTE: return has_trns ? 4 : 3;
    default: return 4;
    }
}

/* Everything that can longjmp while opening; 0 on a libpng error, -1 over the pixel limit. */
static int read_header(fb_png_reader *reader, const fb_png_read_options *options, int for_decoding,
                       fb_png_header *header) {
    png_structp png = reader->png;
    png_infop info = reader->info;
    if (setjmp(png_jmpbuf(png))) return 0;

    png_set_read_fn(png, reader, read_from_memory);
    png_set_read_status_fn(png, row_done);
    /* CRC errors: fatal in critical chunks from `error` up (data used below), in ancillary ones at
       `warning` (dropped below, with a warning that on_warning classifies). */
    int fail_on = options->fail_on;
    png_set_crc_action(png, fail_on >= FB_FAIL_ON_ERROR ? PNG_CRC_ERROR_QUIT : PNG_CRC_WARN_USE,
                       fail_on >= FB_FAIL_ON_WARNING ? PNG_CRC_ERROR_QUIT : PNG_CRC_WARN_DISCARD);
    png_uint_32 dimension_limit = PNG_UINT_31_MAX;
    if (for_decoding && options->max_pixels > 0 && options->max_pixels < dimension_limit)
        dimension_limit = (png_uint_32)options->max_pixels;
    png_set_user_limits(png, dimension_limit, dimension_limit);
    if (options->max_chunk_bytes > 0) png_set_chunk_malloc_max(png, options->max_chunk_bytes);
    png_set_chunk_cache_max(png, options->max_chunks);
    /* libpng asks for image data in reads of up to 8 KiB and gets nothing from one the file cannot fill;
       where a cut file is decoded anyway, smaller reads keep all but the last 1 KiB of it. */
    if (fail_on == FB_FAIL_ON_NONE) png_set_compression_buffer_size(png, 1024);

    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    header->width = width;
    header->height = height;
    header->bit_depth = bit_depth;
    header->color_type = color_type;
    header->interlaced = interlace == PNG_INTERLACE_ADAM7;
    header->has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    header->channels = expanded_channels(color_type, header->has_trns);
    header->bytes_per_sample = bit_depth == 16 ? 2 : 1;
    if (!for_decoding) return 1;

    /* Both factors are < 2^31, so the product fits in 64 bits. */
    if (options->max_pixels > 0 && (uint64_t)width * (uint64_t)height > options->max_pixels) return -1;

    /* Palette images are read as one index byte per pixel and expanded by expand_palette, which refuses
       indices past the palette (libpng 1.6.39 maps them to black, at most warning). */
    int palette = color_type == PNG_COLOR_TYPE_PALETTE;
    if (palette) png_set_packing(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (header->has_trns && !palette) png_set_tRNS_to_alpha(png);
    if (bit_depth == 16 && fbi_png_is_little_endian()) png_set_swap(png);
    if (interlace == PNG_INTERLACE_ADAM7) png_set_interlace_handling(png);
    png_read_update_info(png, info);

    int read_channels = palette ? 1 : header->channels;
    if ((int)png_get_channels(png, info) != read_channels ||
        png_get_rowbytes(png, info) != (size_t)width * read_channels * header->bytes_per_sample)
        png_error(png, "unexpected row layout after transforms");
    return 1;
}

fb_png_reader *fb_png_reader_open(const uint8_t *data, size_t size, const fb_png_read_options *options,
                                  int for_decoding, fb_png_header *header,
                                  char *message, size_t message_capacity) {
    if (data == NULL || options == NULL || header == NULL) {
        fbi_png_copy_text(message, message_capacity, "no data");
        return NULL;
    }
    memset(header, 0, sizeof *header);
    fb_png_reader *reader = (fb_png_reader *)calloc(1, sizeof *reader);
    if (reader == NULL) {
        fbi_png_copy_text(message, message_capacity, "out of memory");
        return NULL;
    }
    reader->data = data;
    reader->size = size;
    reader->next_chunk = 8;
    reader->max_chunk_bytes = options->max_chunk_bytes;
    reader->messages.fail_on = options->fail_on;
    reader->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader->messages, fbi_png_on_error, fbi_png_on_warning);
    if (reader->png != NULL) reader->info = png_create_info_struct(reader->png);
    if (reader->png == NULL || reader->info == NULL) {
        fbi_png_copy_text(message, message_capacity, "libpng could not allocate its state");
        fb_png_reader_close(reader);
        return NULL;
    }
    int status = read_header(reader, options, for_decoding, header);
    if (status == 1) return reader;
    if (status == -1) {
        char text[256];
        snprintf(text, sizeof text, "image is %u x %u = %llu pixels, over the limit of %llu pixels",
                 header->width, header->height,
                 (unsigned long long)header->width * header->height,
                 (unsigned long long)options->max_pixels);
        fbi_png_copy_text(message, message_capacity, text);
    } else {
        fbi_png_copy_text(message, message_capacity, reader->messages.message);
    }
    fb_png_reader_close(reader);
    return NULL;
}

static int read_rows(fb_png_reader *reader) {
    if (setjmp(png_jmpbuf(reader->png))) return 0;
    png_read_image(reader->png, reader->rows);
    reader->image_read = 1;
    /* Reads (and CRC-checks) every chunk after the image data, up to IEND: a truncated file fails. */
    png_read_end(reader->png, reader->info);
    return 1;
}

/* Widens the `count` palette indices held in the last `count` bytes of `pixels` to RGB or RGBA, front to
   back: pixel i is written at i*channels, never past index i's byte, which it has already read. */
static int expand_palette(fb_png_reader *reader, uint8_t *pixels, size_t count, int channels,
                          char *message, size_t message_capacity) {
    int refuse = fb_fail_on_refuses(reader->messages.fail_on, FB_WARNING_CORRUPT);
    png_colorp palette = NULL;
    int entries = 0;
    png_bytep alpha = NULL;
    int alpha_entries = 0;
    png_get_PLTE(reader->png, reader->info, &palette, &entries);
    if (channels == 4) png_get_tRNS(reader->png, reader->info, &alpha, &alpha_entries, NULL);
    /* Indices past the palette become opaque black (libpng's choice) when the level accepts them. */
    uint8_t table[256][4];
    for (int i = 0; i < 256; i++) table[i][0] = table[i][1] = table[i][2] = 0, table[i][3] = 255;
    for (int i = 0; i < entries && i < 256; i++) {
        table[i][0] = palette[i].red;
        table[i][1] = palette[i].green;
        table[i][2] = palette[i].blue;
        table[i][3] = (alpha != NULL && i < alpha_entries) ? alpha[i] : 255;
    }
    const uint8_t *indices = pixels + count * (size_t)(channels - 1);
    for (size_t i = 0; i < count; i++) {
        uint8_t index = indices[i];
        if (index >= entries) {
            char text[128];
            snprintf(text, sizeof text, "palette index %u is past the %d-entry palette", index, entries);
            if (refuse) {
                fbi_png_copy_text(message, message_capacity, text);
                return 0;
            }
            fb_warning_list_add(&reader->messages.warnings, FB_WARNING_CORRUPT, text);
        }
        memcpy(pixels + i * (size_t)channels, table[index], (size_t)channels);
    }
    return 1;
}

int fb_png_reader_read_pixels(fb_png_reader *reader, void *pixels, size_t pixels_size,
                              char *message, size_t message_capacity) {
    if (reader == NULL || pixels == NULL || reader->rows != NULL) {
        fbi_png_copy_text(message, message_capacity, "decoder misuse: no reader, no buffer or pixels already read");
        return 0;
    }
    png_uint_32 height = png_get_image_height(reader->png, reader->info);
    int palette = png_get_color_type(reader->png, reader->info) == PNG_COLOR_TYPE_PALETTE;
    size_t channels = palette ? (png_get_valid(reader->png, reader->info, PNG_INFO_tRNS) ? 4 : 3) : 1;
    size_t row_bytes = png_get_rowbytes(reader->png, reader->info);
    size_t image_bytes = row_bytes * height;
    if (height == 0 || row_bytes == 0 || image_bytes / row_bytes != height || pixels_size / channels != image_bytes ||
        pixels_size % channels != 0) {
        fbi_png_copy_text(message, message_capacity, "pixel buffer does not match the image size");
        return 0;
    }
    reader->rows = (png_bytepp)malloc((size_t)height * sizeof(png_bytep));
    if (reader->rows == NULL) {
        fbi_png_copy_text(message, message_capacity, "out of memory");
        return 0;
    }
    /* Palette indices go to the tail of the buffer, where expand_palette can widen them in place. */
    png_bytep rows_start = (png_bytep)pixels + (pixels_size - image_bytes);
    for (png_uint_32 y = 0; y < height; y++) reader->rows[y] = rows_start + (size_t)y * row_bytes;
    int fail_on = reader->messages.fail_on;
    /* Below `error` a failure keeps what was read: Adam7 passes fill pixels in any order, so start at zero. */
    int interlaced = png_get_interlace_type(reader->png, reader->info) == PNG_INTERLACE_ADAM7;
    if (fail_on < FB_FAIL_ON_ERROR && interlaced) memset(rows_start, 0, image_bytes);
    if (!read_rows(reader)) {
        int kind = reader->hit_end ? FB_WARNING_TRUNCATED : FB_WARNING_CORRUPT;
        if (fb_fail_on_refuses(fail_on, kind)) {
            fbi_png_copy_text(message, message_capacity, reader->messages.message);
            return 0;
        }
        /* Non-interlaced rows arrive in order: the ones libpng did not deliver become zero. */
        if (!reader->image_read && !interlaced && reader->rows_done < height)
            memset(reader->rows[reader->rows_done], 0, (size_t)(height - reader->rows_done) * row_bytes);
        fb_warning_list_add(&reader->messages.warnings, kind, reader->messages.message);
    }
    if (palette && !expand_palette(reader, (uint8_t *)pixels, image_bytes, (int)channels, message, message_capacity))
        return 0;
    return 1;
}

void fb_png_reader_close(fb_png_reader *reader) {
    if (reader == NULL) return;
    if (reader->png != NULL) png_destroy_read_struct(&reader->png, reader->info != NULL ? &reader->info : NULL, NULL);
    free(reader->rows);
    free(reader);
}
