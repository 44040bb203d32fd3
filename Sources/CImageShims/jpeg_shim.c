#include "jpeg_shim.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

/* Per-call state. `pub` comes first so libjpeg's `cinfo->err` can be cast back to the whole context.
   Buffers live here (in memory, address taken) so their values are still valid after a longjmp. */
typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char *message;
    size_t message_capacity;
    int benign_warnings;
    /* EXIF capture (decoder). */
    uint8_t *exif;
    size_t exif_capacity;
    size_t exif_length;
    int exif_found;
    int max_scans;
    /* Buffers owned by the running call, released on every path. */
    uint8_t *scratch;
    uint8_t *encoded;
    size_t encoded_capacity;
    size_t encoded_size;
} fb_context;

static void copy_message(fb_context *ctx, const char *text) {
    if (ctx->message != NULL && ctx->message_capacity > 0) {
        snprintf(ctx->message, ctx->message_capacity, "%s", text);
    }
}

/* Replaces libjpeg's error_exit (which calls exit()): copies the message out and jumps back to the
   shim function that owns the setjmp. */
static void fail_with_library_message(j_common_ptr cinfo) {
    fb_context *ctx = (fb_context *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    copy_message(ctx, text);
    longjmp(ctx->jump, 1);
}

/* Replaces emit_message (which prints): trace messages (level >= 0) are dropped; warnings (level -1)
   fail the call unless they only concern unknown JFIF/Adobe versions, because every other libjpeg
   warning means damaged or truncated data that libjpeg would silently paper over with gray. */
static void handle_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level >= 0) return;
    fb_context *ctx = (fb_context *)cinfo->err;
    cinfo->err->num_warnings++;
    int code = cinfo->err->msg_code;
    if (code == JWRN_JFIF_MAJOR || code == JWRN_ADOBE_XFORM) {
        ctx->benign_warnings++;
        return;
    }
    fail_with_library_message(cinfo);
}

/* Bounds the number of progressive scans (each scan re-walks the whole coefficient buffer). */
static void check_scan_count(j_common_ptr cinfo) {
    if (!cinfo->is_decompressor) return;
    j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
    fb_context *ctx = (fb_context *)cinfo->err;
    if (dinfo->input_scan_number > ctx->max_scans) {
        char text[JMSG_LENGTH_MAX];
        snprintf(text, sizeof text, "more than %d scans", ctx->max_scans);
        copy_message(ctx, text);
        longjmp(ctx->jump, 1);
    }
}

static void init_context(fb_context *ctx, char *message, size_t message_capacity) {
    memset(ctx, 0, sizeof *ctx);
    ctx->message = message;
    ctx->message_capacity = message_capacity;
    if (message != NULL && message_capacity > 0) message[0] = 0;
    jpeg_std_error(&ctx->pub);
    ctx->pub.error_exit = fail_with_library_message;
    ctx->pub.emit_message = handle_message;
}

/* ---- Decoding ---------------------------------------------------------------------------------- */

static int next_input_byte(j_decompress_ptr cinfo) {
    struct jpeg_source_mgr *src = cinfo->src;
    if (src->bytes_in_buffer == 0) {
        /* The memory source never suspends: at the end it warns (which fails, strict) and supplies EOI. */
        (*src->fill_input_buffer)(cinfo);
    }
    src->bytes_in_buffer--;
    return *src->next_input_byte++;
}

/* APP1 handler: keeps only the first "Exif\0\0" payload in the caller's fixed buffer and skips every
   other APP1 (XMP, repeated EXIF), so marker memory stays bounded whatever the file holds
   (jpeg_save_markers would keep every APP1 in libjpeg's pool). */
static boolean read_app1(j_decompress_ptr cinfo) {
    fb_context *ctx = (fb_context *)cinfo->err;
    long length = (long)next_input_byte(cinfo) << 8;
    length |= next_input_byte(cinfo);
    if (length < 2) ERREXIT(cinfo, JERR_BAD_LENGTH);
    length -= 2;
    int keep = !ctx->exif_found && ctx->exif != NULL && (size_t)length <= ctx->exif_capacity;
    struct jpeg_source_mgr *src = cinfo->src;
    size_t kept = 0;
    while (length > 0) {
        if (src->bytes_in_buffer == 0) (*src->fill_input_buffer)(cinfo);
        size_t chunk = src->bytes_in_buffer < (size_t)length ? src->bytes_in_buffer : (size_t)length;
        if (keep) memcpy(ctx->exif + kept, src->next_input_byte, chunk);
        kept += chunk;
        src->next_input_byte += chunk;
        src->bytes_in_buffer -= chunk;
        length -= (long)chunk;
    }
    if (keep && kept >= 6 && memcmp(ctx->exif, "Exif\0\0", 6) == 0) {
        ctx->exif_found = 1;
        ctx->exif_length = kept;
    }
    return TRUE;
}

static void fill_header(j_decompress_ptr cinfo, fb_context *ctx, fb_jpeg_header *header) {
    memset(header, 0, sizeof *header);
    header->width = (int)cinfo->image_width;
    header->height = (int)cinfo->image_height;
    header->components = cinfo->num_components;
    switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE: header->color_space = FB_JPEG_GRAY; break;
    case JCS_RGB: header->color_space = FB_JPEG_RGB; break;
    case JCS_YCbCr: header->color_space = FB_JPEG_YCBCR; break;
    case JCS_CMYK: header->color_space = FB_JPEG_CMYK; break;
    case JCS_YCCK: header->color_space = FB_JPEG_YCCK; break;
    default: header->color_space = FB_JPEG_OTHER; break;
    }
    header->progressive = cinfo->progressive_mode ? 1 : 0;
    header->arithmetic = cinfo->arith_code ? 1 : 0;
    header->adobe = cinfo->saw_Adobe_marker ? 1 : 0;
    header->restart_interval = (int)cinfo->restart_interval;
    for (int i = 0; i < cinfo->num_components && i < 4; i++) {
        header->h_sampling[i] = cinfo->comp_info[i].h_samp_factor;
        header->v_sampling[i] = cinfo->comp_info[i].v_samp_factor;
    }
    header->exif_length = ctx->exif_found ? ctx->exif_length : 0;
    header->benign_warnings = ctx->benign_warnings;
}

static void start_reading(j_decompress_ptr cinfo, fb_context *ctx, const uint8_t *data, size_t size,
                          uint8_t *exif, size_t exif_capacity) {
    ctx->exif = exif;
    ctx->exif_capacity = exif_capacity;
    jpeg_create_decompress(cinfo);
    jpeg_mem_src(cinfo, data, (unsigned long)size);
    jpeg_set_marker_processor(cinfo, JPEG_APP0 + 1, read_app1);
    jpeg_read_header(cinfo, TRUE);
}

int fb_jpeg_read_header(const uint8_t *data, size_t size, fb_jpeg_header *header,
                        uint8_t *exif, size_t exif_capacity, char *message, size_t message_capacity) {
    struct jpeg_decompress_struct cinfo;
    fb_context ctx;
    init_context(&ctx, message, message_capacity);
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = &ctx.pub;
    if (setjmp(ctx.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    start_reading(&cinfo, &ctx, data, size, exif, exif_capacity);
    fill_header(&cinfo, &ctx, header);
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

struct fb_jpeg_decoder {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_progress_mgr progress;
    fb_context ctx;
    int created;             /* jpeg_create_decompress ran: jpeg_destroy_decompress must run */
    int channels;            /* output channels: 1 or 3 */
    int convert_cmyk;        /* libjpeg delivers CMYK, converted to RGB here */
    int adobe_inverted;
    size_t rows_per_read;
};

void fb_jpeg_decoder_destroy(fb_jpeg_decoder *decoder) {
    if (decoder == NULL) return;
    if (decoder->created) jpeg_destroy_decompress(&decoder->cinfo);
    free(decoder->ctx.scratch);
    free(decoder);
}

static int fail_plainly(fb_context *ctx, const char *text) {
    copy_message(ctx, text);
    return 1;
}

int fb_jpeg_decoder_start(const uint8_t *data, size_t size, uint64_t max_pixels, int max_scans,
                          fb_jpeg_header *header,
                          uint8_t *exif, size_t exif_capacity, int *channels, fb_jpeg_decoder **decoder,
                          char *message, size_t message_capacity) {
    *decoder = NULL;
    *channels = 0;
    fb_jpeg_decoder *d = calloc(1, sizeof *d);
    if (d == NULL) {
        if (message != NULL && message_capacity > 0) snprintf(message, message_capacity, "out of memory");
        return 1;
    }
    fb_context *ctx = &d->ctx;
    init_context(ctx, message, message_capacity);
    d->cinfo.err = &ctx->pub;
    ctx->max_scans = max_scans > 0 ? max_scans : FB_JPEG_MAX_SCANS;
    if (setjmp(ctx->jump)) {
        fb_jpeg_decoder_destroy(d);
        return 1;
    }
    d->created = 1;
    start_reading(&d->cinfo, ctx, data, size, exif, exif_capacity);
    fill_header(&d->cinfo, ctx, header);

    char text[JMSG_LENGTH_MAX];
    uint64_t pixel_count = (uint64_t)d->cinfo.image_width * (uint64_t)d->cinfo.image_height;
    if (pixel_count > max_pixels) {
        snprintf(text, sizeof text, "image is %u x %u = %llu pixels, over the limit of %llu",
                 d->cinfo.image_width, d->cinfo.image_height, (unsigned long long)pixel_count,
                 (unsigned long long)max_pixels);
        int status = fail_plainly(ctx, text);
        fb_jpeg_decoder_destroy(d);
        return status;
    }
    switch (header->color_space) {
    case FB_JPEG_GRAY: d->cinfo.out_color_space = JCS_GRAYSCALE; d->channels = 1; break;
    case FB_JPEG_RGB: case FB_JPEG_YCBCR: d->cinfo.out_color_space = JCS_RGB; d->channels = 3; break;
    case FB_JPEG_CMYK: case FB_JPEG_YCCK:
        d->cinfo.out_color_space = JCS_CMYK; d->channels = 3; d->convert_cmyk = 1; break;
    default: {
        snprintf(text, sizeof text, "unsupported JPEG colour space (%d components)", d->cinfo.num_components);
        int status = fail_plainly(ctx, text);
        fb_jpeg_decoder_destroy(d);
        return status;
    }
    }
    d->adobe_inverted = header->adobe;
    /* Accurate integer IDCT and fancy upsampling: what djpeg and Pillow use by default. */
    d->cinfo.dct_method = JDCT_ISLOW;
    d->cinfo.do_fancy_upsampling = TRUE;
    /* Progressive files buffer all coefficients (2 bytes per sample, up to 4 components): bound that
       by the pixel limit. (In libjpeg-turbo this limit applies to those whole-image buffers.) */
    uint64_t coefficient_bytes = max_pixels < (UINT64_C(1) << 40) ? max_pixels * 4 * 2 : (UINT64_C(1) << 43);
    d->cinfo.mem->max_memory_to_use = (long)(coefficient_bytes + (UINT64_C(64) << 20));
    d->progress.progress_monitor = check_scan_count;
    d->cinfo.progress = &d->progress;

    jpeg_start_decompress(&d->cinfo);
    /* A small 8-bit row buffer (a few rows, stays in cache) between libjpeg and the Float32 output. */
    d->rows_per_read = d->cinfo.rec_outbuf_height > 0 ? (size_t)d->cinfo.rec_outbuf_height : 1;
    if (d->rows_per_read < 4) d->rows_per_read = 4;
    size_t row_bytes = (size_t)d->cinfo.output_width * (size_t)d->cinfo.output_components;
    ctx->scratch = malloc(row_bytes * d->rows_per_read);
    if (ctx->scratch == NULL) ERREXIT1(&d->cinfo, JERR_OUT_OF_MEMORY, 0);
    /* The caller's EXIF buffer is only lent for the header: APP1 markers between later scans are skipped. */
    ctx->exif = NULL;
    *channels = d->channels;
    *decoder = d;
    return 0;
}

/* Photoshop (Adobe APP14) stores CMYK inverted: 255 means no ink. */
static void cmyk_row_to_rgb(const uint8_t *cmyk, float *rgb, size_t count, int adobe_inverted) {
    for (size_t i = 0; i < count; i++, cmyk += 4, rgb += 3) {
        unsigned c = cmyk[0], m = cmyk[1], y = cmyk[2], k = cmyk[3];
        if (!adobe_inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
        /* (x + 127) / 255 rounds x / 255 to nearest (x / 255 is never exactly halfway). */
        rgb[0] = (float)((c * k + 127) / 255);
        rgb[1] = (float)((m * k + 127) / 255);
        rgb[2] = (float)((y * k + 127) / 255);
    }
}

/* Widens one row of 8-bit samples to Float32. The output (12 MP RGB = 144 MB) is far larger than any
   cache, so whole 64-byte lines are written with non-temporal stores: they skip the read-for-ownership
   and keep libjpeg's tables and row buffers in cache (measured: the pass costs ~3x less CPU). */
static void widen_row(const uint8_t *in, float *out, size_t count) {
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

int fb_jpeg_decoder_read(fb_jpeg_decoder *d, float *out, size_t count, char *message, size_t message_capacity) {
    fb_context *ctx = &d->ctx;
    ctx->message = message;
    ctx->message_capacity = message_capacity;
    if (message != NULL && message_capacity > 0) message[0] = 0;
    size_t width = d->cinfo.output_width, height = d->cinfo.output_height;
    if (count != width * height * (size_t)d->channels) {
        return fail_plainly(ctx, "output buffer size does not match the image");
    }
    if (setjmp(ctx->jump)) return 1;
    size_t in_row = width * (size_t)d->cinfo.output_components, out_row = width * (size_t)d->channels;
    JSAMPROW rows[64];
    size_t batch = d->rows_per_read < 64 ? d->rows_per_read : 64;
    for (size_t r = 0; r < batch; r++) rows[r] = ctx->scratch + r * in_row;
    while (d->cinfo.output_scanline < d->cinfo.output_height) {
        size_t first = d->cinfo.output_scanline;
        JDIMENSION read = jpeg_read_scanlines(&d->cinfo, rows, (JDIMENSION)batch);
        for (size_t r = 0; r < read; r++) {
            float *target = out + (first + r) * out_row;
            if (d->convert_cmyk) cmyk_row_to_rgb(rows[r], target, width, d->adobe_inverted);
            else widen_row(rows[r], target, in_row);
        }
    }
#if defined(__x86_64__) || defined(__i386__)
    /* Order the non-temporal stores before anything that reads the output. */
    __builtin_ia32_sfence();
#endif
    jpeg_finish_decompress(&d->cinfo);
    return 0;
}

/* ---- Encoding ---------------------------------------------------------------------------------- */

/* A growable malloc'd destination whose buffer the context owns, so the error path can always free it
   (jpeg_mem_dest frees and replaces its buffer while growing, which leaves the caller's pointer stale
   if an error interrupts the write). */
static void dest_init(j_compress_ptr cinfo) {
    fb_context *ctx = (fb_context *)cinfo->err;
    cinfo->dest->next_output_byte = ctx->encoded;
    cinfo->dest->free_in_buffer = ctx->encoded_capacity;
}

static boolean dest_grow(j_compress_ptr cinfo) {
    fb_context *ctx = (fb_context *)cinfo->err;
    size_t used = ctx->encoded_capacity;
    size_t capacity = used * 2;
    uint8_t *grown = realloc(ctx->encoded, capacity);
    if (grown == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 1);
    ctx->encoded = grown;
    ctx->encoded_capacity = capacity;
    cinfo->dest->next_output_byte = grown + used;
    cinfo->dest->free_in_buffer = capacity - used;
    return TRUE;
}

static void dest_term(j_compress_ptr cinfo) {
    fb_context *ctx = (fb_context *)cinfo->err;
    ctx->encoded_size = ctx->encoded_capacity - cinfo->dest->free_in_buffer;
}

int fb_jpeg_encode(const uint8_t *pixels, int width, int height, int channels,
                   const fb_jpeg_encode_options *options, uint8_t **jpeg, size_t *jpeg_size,
                   char *message, size_t message_capacity) {
    struct jpeg_compress_struct cinfo;
    struct jpeg_destination_mgr dest;
    fb_context ctx;
    init_context(&ctx, message, message_capacity);
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = &ctx.pub;
    *jpeg = NULL;
    *jpeg_size = 0;
    if (setjmp(ctx.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(ctx.encoded);
        return 1;
    }
    jpeg_create_compress(&cinfo);
    if (width <= 0 || height <= 0 || (channels != 1 && channels != 3 && channels != 4)) {
        ERREXIT(&cinfo, JERR_EMPTY_IMAGE);
    }
    /* A first guess of a quarter of the raw size fits most q90 photos; dest_grow doubles it otherwise. */
    ctx.encoded_capacity = (size_t)width * (size_t)height * (size_t)channels / 4 + 4096;
    ctx.encoded = malloc(ctx.encoded_capacity);
    if (ctx.encoded == NULL) ERREXIT1(&cinfo, JERR_OUT_OF_MEMORY, 2);
    dest.init_destination = dest_init;
    dest.empty_output_buffer = dest_grow;
    dest.term_destination = dest_term;
    cinfo.dest = &dest;

    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = channels;
    cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : channels == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(&cinfo);
    if (channels == 4) {
        jpeg_set_colorspace(&cinfo, options->ycck ? JCS_YCCK : JCS_CMYK);
        cinfo.write_Adobe_marker = (options->adobe_marker || options->ycck) ? TRUE : FALSE;
    }
    jpeg_set_quality(&cinfo, options->quality, TRUE);
    cinfo.dct_method = JDCT_ISLOW;
    if (channels == 3) {
        /* jpeg_set_defaults chose 4:2:0 (luma 2×2); chroma components stay 1×1. */
        cinfo.comp_info[0].h_samp_factor = options->subsampling == 0 ? 1 : 2;
        cinfo.comp_info[0].v_samp_factor = options->subsampling == 2 ? 2 : 1;
    }
    cinfo.optimize_coding = options->optimize_huffman ? TRUE : FALSE;
    cinfo.arith_code = options->arithmetic ? TRUE : FALSE;
    cinfo.restart_in_rows = options->restart_rows > 0 ? options->restart_rows : 0;
    if (options->progressive) jpeg_simple_progression(&cinfo);

    jpeg_start_compress(&cinfo, TRUE);
    size_t stride = (size_t)width * (size_t)channels;
    JSAMPROW rows[16];
    while (cinfo.next_scanline < cinfo.image_height) {
        size_t first = cinfo.next_scanline;
        size_t count = (size_t)height - first < 16 ? (size_t)height - first : 16;
        for (size_t r = 0; r < count; r++) rows[r] = (JSAMPROW)(pixels + (first + r) * stride);
        jpeg_write_scanlines(&cinfo, rows, (JDIMENSION)count);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *jpeg = ctx.encoded;
    *jpeg_size = ctx.encoded_size;
    return 0;
}

void fb_jpeg_free(void *buffer) { free(buffer); }

int fb_jpeg_shim_version(void) { return JPEG_LIB_VERSION; }
