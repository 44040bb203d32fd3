#include "jpeg_context.h"
#include <stdlib.h>
#include <string.h>
#include <jerror.h>

/* Bounds the number of progressive scans (each scan re-walks the whole coefficient buffer). */
static void check_scan_count(j_common_ptr cinfo) {
    if (!cinfo->is_decompressor) return;
    j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
    fb_context *ctx = (fb_context *)cinfo->err;
    if (dinfo->input_scan_number > ctx->max_scans) {
        char text[JMSG_LENGTH_MAX];
        snprintf(text, sizeof text, "more than %d scans", ctx->max_scans);
        fbi_jpeg_copy_message(ctx, text);
        longjmp(ctx->jump, 1);
    }
}

int fb_jpeg_read_header(const uint8_t *data, size_t size, fb_jpeg_header *header,
                        uint8_t *exif, size_t exif_capacity, char *message, size_t message_capacity) {
    struct jpeg_decompress_struct cinfo;
    fb_context ctx;
    fbi_jpeg_init_context(&ctx, message, message_capacity);
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = &ctx.pub;
    if (setjmp(ctx.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    fbi_jpeg_read_headers(&cinfo, &ctx, data, size, exif, exif_capacity);
    fbi_jpeg_fill_header(&cinfo, &ctx, header);
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
    fbi_jpeg_init_context(ctx, message, message_capacity);
    d->cinfo.err = &ctx->pub;
    ctx->max_scans = max_scans > 0 ? max_scans : FB_JPEG_MAX_SCANS;
    if (setjmp(ctx->jump)) {
        fb_jpeg_decoder_destroy(d);
        return 1;
    }
    d->created = 1;
    fbi_jpeg_read_headers(&d->cinfo, ctx, data, size, exif, exif_capacity);
    fbi_jpeg_fill_header(&d->cinfo, ctx, header);

    char text[JMSG_LENGTH_MAX];
    uint64_t pixel_count = (uint64_t)d->cinfo.image_width * (uint64_t)d->cinfo.image_height;
    if (pixel_count > max_pixels) {
        snprintf(text, sizeof text, "image is %u x %u = %llu pixels, over the limit of %llu",
                 d->cinfo.image_width, d->cinfo.image_height, (unsigned long long)pixel_count,
                 (unsigned long long)max_pixels);
        int status = fbi_jpeg_fail_plainly(ctx, text);
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
        int status = fbi_jpeg_fail_plainly(ctx, text);
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
        return fbi_jpeg_fail_plainly(ctx, "output buffer size does not match the image");
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
