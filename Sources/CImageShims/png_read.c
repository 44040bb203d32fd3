#include "png_messages.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fb_png_reader {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t offset;
    png_bytepp rows;
    fb_png_messages messages;
};

static void read_from_memory(png_structp png, png_bytep out, size_t length) {
    fb_png_reader *reader = (fb_png_reader *)png_get_io_ptr(png);
    if (length > reader->size - reader->offset) png_error(png, "unexpected end of file (truncated data)");
    memcpy(out, reader->data + reader->offset, length);
    reader->offset += length;
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

/* libpng 1.6.39 only warns about a chunk over its malloc limit (a "benign error") and then allocates it
   anyway, so chunk lengths are checked here first, by walking the chunk headers. IDAT is exempt: libpng
   streams it. A chunk claiming more bytes than the file has left is refused here too, before libpng
   could allocate the claim. Returns 1 and a message if a chunk is too big or cut short. */
static int oversized_chunk(const uint8_t *data, size_t size, size_t max_bytes, int stop_at_idat,
                           char *text, size_t capacity) {
    size_t at = 8;
    while (size >= 8 && at <= size - 8) {
        const uint8_t *p = data + at;
        uint32_t length = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        if (memcmp(p + 4, "IEND", 4) == 0 || (stop_at_idat && memcmp(p + 4, "IDAT", 4) == 0)) return 0;
        if (memcmp(p + 4, "IDAT", 4) != 0 && length > max_bytes) {
            char name[5];
            for (int i = 0; i < 4; i++) name[i] = (p[4 + i] >= 'A' && p[4 + i] <= 'z') ? (char)p[4 + i] : '?';
            name[4] = 0;
            snprintf(text, capacity, "%s chunk of %u bytes is over the %zu-byte limit for metadata chunks",
                     name, length, max_bytes);
            return 1;
        }
        if ((size_t)length > size - at - 8 || size - at - 8 - (size_t)length < 4) {
            char name[5];
            for (int i = 0; i < 4; i++) name[i] = (p[4 + i] >= 'A' && p[4 + i] <= 'z') ? (char)p[4 + i] : '?';
            name[4] = 0;
            snprintf(text, capacity, "file is truncated: %s chunk claims %u bytes but only %zu remain",
                     name, length, size - at - 8);
            return 1;
        }
        at += 12 + (size_t)length;
    }
    return 0;
}

/* Everything that can longjmp while opening; 0 on a libpng error, -1 over the pixel limit. */
static int read_header(fb_png_reader *reader, const fb_png_limits *limits, int for_decoding,
                       fb_png_header *header) {
    png_structp png = reader->png;
    png_infop info = reader->info;
    if (setjmp(png_jmpbuf(png))) return 0;

    png_set_read_fn(png, reader, read_from_memory);
    /* Strict: a CRC error in any chunk, critical or ancillary, fails the file. */
    png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    png_uint_32 dimension_limit = PNG_UINT_31_MAX;
    if (for_decoding && limits->max_pixels > 0 && limits->max_pixels < dimension_limit)
        dimension_limit = (png_uint_32)limits->max_pixels;
    png_set_user_limits(png, dimension_limit, dimension_limit);
    if (limits->max_chunk_bytes > 0) png_set_chunk_malloc_max(png, limits->max_chunk_bytes);
    png_set_chunk_cache_max(png, limits->max_chunks);

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
    if (limits->max_pixels > 0 && (uint64_t)width * (uint64_t)height > limits->max_pixels) return -1;

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

fb_png_reader *fb_png_reader_open(const uint8_t *data, size_t size, const fb_png_limits *limits,
                                  int for_decoding, fb_png_header *header,
                                  char *message, size_t message_capacity) {
    if (data == NULL || limits == NULL || header == NULL) {
        fbi_png_copy_text(message, message_capacity, "no data");
        return NULL;
    }
    memset(header, 0, sizeof *header);
    if (limits->max_chunk_bytes > 0 && oversized_chunk(data, size, limits->max_chunk_bytes, !for_decoding,
                                                         message, message_capacity))
        return NULL;
    fb_png_reader *reader = (fb_png_reader *)calloc(1, sizeof *reader);
    if (reader == NULL) {
        fbi_png_copy_text(message, message_capacity, "out of memory");
        return NULL;
    }
    reader->data = data;
    reader->size = size;
    reader->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader->messages, fbi_png_on_error, fbi_png_on_warning);
    if (reader->png != NULL) reader->info = png_create_info_struct(reader->png);
    if (reader->png == NULL || reader->info == NULL) {
        fbi_png_copy_text(message, message_capacity, "libpng could not allocate its state");
        fb_png_reader_close(reader);
        return NULL;
    }
    int status = read_header(reader, limits, for_decoding, header);
    if (status == 1) return reader;
    if (status == -1) {
        char text[256];
        snprintf(text, sizeof text, "image is %u x %u = %llu pixels, over the limit of %llu pixels",
                 header->width, header->height,
                 (unsigned long long)header->width * header->height,
                 (unsigned long long)limits->max_pixels);
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
    /* Reads (and CRC-checks) every chunk after the image data, up to IEND: a truncated file fails. */
    png_read_end(reader->png, reader->info);
    return 1;
}

/* Widens the `count` palette indices held in the last `count` bytes of `pixels` to RGB or RGBA, front to
   back: pixel i is written at i*channels, never past index i's byte, which it has already read. */
static int expand_palette(fb_png_reader *reader, uint8_t *pixels, size_t count, int channels,
                          char *message, size_t message_capacity) {
    png_colorp palette = NULL;
    int entries = 0;
    png_bytep alpha = NULL;
    int alpha_entries = 0;
    png_get_PLTE(reader->png, reader->info, &palette, &entries);
    if (channels == 4) png_get_tRNS(reader->png, reader->info, &alpha, &alpha_entries, NULL);
    uint8_t table[256][4];
    memset(table, 0, sizeof table);
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
            fbi_png_copy_text(message, message_capacity, text);
            return 0;
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
    int ok = read_rows(reader);
    if (ok && palette && !expand_palette(reader, (uint8_t *)pixels, image_bytes, (int)channels, message, message_capacity))
        return 0;
    if (ok && !reader->messages.damaged) return 1;
    fbi_png_copy_text(message, message_capacity, ok ? reader->messages.damage : reader->messages.message);
    return 0;
}

size_t fb_png_reader_exif(fb_png_reader *reader, const uint8_t **exif) {
    *exif = NULL;
    if (reader == NULL) return 0;
    png_uint_32 count = 0;
    png_bytep bytes = NULL;
    if (png_get_eXIf_1(reader->png, reader->info, &count, &bytes) == 0 || bytes == NULL) return 0;
    *exif = bytes;
    return count;
}

size_t fb_png_reader_icc(fb_png_reader *reader, const uint8_t **icc) {
    *icc = NULL;
    if (reader == NULL) return 0;
    png_charp name = NULL;
    int compression = 0;
    png_bytep profile = NULL;
    png_uint_32 length = 0;
    if (png_get_iCCP(reader->png, reader->info, &name, &compression, &profile, &length) == 0 || profile == NULL) return 0;
    *icc = profile;
    return length;
}

size_t fb_png_reader_xmp(fb_png_reader *reader, const uint8_t **xmp) {
    *xmp = NULL;
    if (reader == NULL) return 0;
    png_textp text = NULL;
    int count = 0;
    png_get_text(reader->png, reader->info, &text, &count);
    for (int i = 0; i < count; i++) {
        if (text[i].key == NULL || text[i].text == NULL || strcmp(text[i].key, "XML:com.adobe.xmp") != 0) continue;
        /* iTXt (compression 1 or 2) keeps its length in itxt_length, tEXt/zTXt in text_length. */
        *xmp = (const uint8_t *)text[i].text;
        return text[i].compression >= PNG_ITXT_COMPRESSION_NONE ? text[i].itxt_length : text[i].text_length;
    }
    return 0;
}

void fb_png_reader_close(fb_png_reader *reader) {
    if (reader == NULL) return;
    if (reader->png != NULL) png_destroy_read_struct(&reader->png, reader->info != NULL ? &reader->info : NULL, NULL);
    free(reader->rows);
    free(reader);
}
