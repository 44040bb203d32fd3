#include "jpeg_context.h"
#include "jpeg_pixels.h"
#include <stdlib.h>
#include <string.h>
#include <jerror.h>

struct fb_jpeg_decoder {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_progress_mgr progress;
    fb_context ctx;
    int created;             /* jpeg_create_decompress ran: jpeg_destroy_decompress must run */
    int started;             /* jpeg_start_decompress ran */
    int channels;            /* output channels: 1 or 3 */
    int convert_cmyk;        /* libjpeg delivers CMYK, converted to RGB here */
    int adobe_inverted;
    size_t rows_per_read;
    uint8_t *rgb_row;        /* one RGB row converted from CMYK */
    uint8_t *image;          /* the whole 8-bit image, for orientations other than 1 */
};

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

void fb_jpeg_decoder_destroy(fb_jpeg_decoder *decoder) {
    if (decoder == NULL) return;
    if (decoder->created) jpeg_destroy_decompress(&decoder->cinfo);
    fbi_jpeg_metadata_free(&decoder->ctx.metadata);
    free(decoder->ctx.scratch);
    free(decoder->rgb_row);
    free(decoder->image);
    free(decoder);
}

int fb_jpeg_decoder_open(const uint8_t *data, size_t size, int fail_on, fb_jpeg_header *header,
                         fb_jpeg_decoder **decoder, char *message, size_t message_capacity) {
    *decoder = NULL;
    memset(header, 0, sizeof *header);
    fb_jpeg_decoder *d = calloc(1, sizeof *d);
    if (d == NULL) {
        if (message != NULL && message_capacity > 0) snprintf(message, message_capacity, "out of memory");
        return 1;
    }
    fb_context *ctx = &d->ctx;
    fbi_jpeg_init_context(ctx, message, message_capacity);
    d->cinfo.err = &ctx->pub;
    ctx->max_scans = FB_JPEG_MAX_SCANS;
    ctx->fail_on = fail_on;
    if (setjmp(ctx->jump)) {
        fb_jpeg_decoder_destroy(d);
        return 1;
    }
    jpeg_create_decompress(&d->cinfo);
    d->created = 1;
    d->progress.progress_monitor = check_scan_count;
    d->cinfo.progress = &d->progress;
    jpeg_mem_src(&d->cinfo, data, (unsigned long)size);
    fbi_jpeg_install_marker_readers(&d->cinfo);
    ctx->metadata.capturing = 1;
    jpeg_read_header(&d->cinfo, TRUE);
    /* APP segments between later scans are not metadata of the image: they are skipped. */
    ctx->metadata.capturing = 0;
    fbi_jpeg_fill_header(&d->cinfo, header);
    *decoder = d;
    return 0;
}

int fb_jpeg_decoder_start(fb_jpeg_decoder *d, uint64_t max_pixels, int max_scans, int *channels,
                          char *message, size_t message_capacity) {
    *channels = 0;
    fb_context *ctx = &d->ctx;
    fbi_jpeg_set_message(ctx, message, message_capacity);
    if (d->started) return fbi_jpeg_fail_plainly(ctx, "decoder misuse: started twice");
    ctx->max_scans = max_scans > 0 ? max_scans : FB_JPEG_MAX_SCANS;
    char text[JMSG_LENGTH_MAX];
    uint64_t pixel_count = (uint64_t)d->cinfo.image_width * (uint64_t)d->cinfo.image_height;
    if (pixel_count > max_pixels) {
        snprintf(text, sizeof text, "image is %u x %u = %llu pixels, over the limit of %llu",
                 d->cinfo.image_width, d->cinfo.image_height, (unsigned long long)pixel_count,
                 (unsigned long long)max_pixels);
        return fbi_jpeg_fail_plainly(ctx, text);
    }
    switch (d->cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE: d->cinfo.out_color_space = JCS_GRAYSCALE; d->channels = 1; break;
    case JCS_RGB: case JCS_YCbCr: d->cinfo.out_color_space = JCS_RGB; d->channels = 3; break;
    case JCS_CMYK: case JCS_YCCK:
        d->cinfo.out_color_space = JCS_CMYK; d->channels = 3; d->convert_cmyk = 1; break;
    default:
        snprintf(text, sizeof text, "unsupported JPEG colour space (%d components)", d->cinfo.num_components);
        return fbi_jpeg_fail_plainly(ctx, text);
    }
    d->adobe_inverted = d->cinfo.saw_Adobe_marker ? 1 : 0;
    if (setjmp(ctx->jump)) return 1;
    /* Accurate integer IDCT and fancy upsampling: what djpeg and Pillow use by default. */
    d->cinfo.dct_method = JDCT_ISLOW;
    d->cinfo.do_fancy_upsampling = TRUE;
    /* Progressive files buffer all coefficients (2 bytes per sample, up to 4 components): bound that
       by the pixel limit. (In libjpeg-turbo this limit applies to those whole-image buffers.) */
    uint64_t coefficient_bytes = max_pixels < (UINT64_C(1) << 40) ? max_pixels * 4 * 2 : (UINT64_C(1) << 43);
    d->cinfo.mem->max_memory_to_use = (long)(coefficient_bytes + (UINT64_C(64) << 20));

    jpeg_start_decompress(&d->cinfo);
    d->started = 1;
    /* A small 8-bit row buffer (a few rows, stays in cache) between libjpeg and the Float32 output. */
    d->rows_per_read = d->cinfo.rec_outbuf_height > 0 ? (size_t)d->cinfo.rec_outbuf_height : 1;
    if (d->rows_per_read < 4) d->rows_per_read = 4;
    size_t row_bytes = (size_t)d->cinfo.output_width * (size_t)d->cinfo.output_components;
    ctx->scratch = malloc(row_bytes * d->rows_per_read);
    d->rgb_row = d->convert_cmyk ? malloc((size_t)d->cinfo.output_width * 3) : NULL;
    if (ctx->scratch == NULL || (d->convert_cmyk && d->rgb_row == NULL)) ERREXIT1(&d->cinfo, JERR_OUT_OF_MEMORY, 0);
    *channels = d->channels;
    return 0;
}

/* Decodes every row into `out8` (8-bit) or `out` (Float32), upright by `orientation`. */
static int read_pixels(fb_jpeg_decoder *d, float *out, uint8_t *out8, size_t count, int orientation,
                       char *message, size_t message_capacity) {
    fb_context *ctx = &d->ctx;
    fbi_jpeg_set_message(ctx, message, message_capacity);
    if (!d->started) return fbi_jpeg_fail_plainly(ctx, "decoder misuse: pixels read before the decoder started");
    size_t width = d->cinfo.output_width, height = d->cinfo.output_height;
    size_t in_row = width * (size_t)d->cinfo.output_components, out_row = width * (size_t)d->channels;
    if (count != height * out_row) return fbi_jpeg_fail_plainly(ctx, "output buffer size does not match the image");
    /* A rotated or mirrored photo is decoded whole at 8 bits, then turned (and widened) in one pass. */
    int orient = orientation >= 2 && orientation <= 8;
    if (orient && (d->image = malloc(height * out_row)) == NULL) return fbi_jpeg_fail_plainly(ctx, "out of memory");
    /* Where upright 8-bit rows go as they are decoded: the caller's buffer, or the image to turn. */
    uint8_t *rows8 = orient ? d->image : out8;
    if (setjmp(ctx->jump)) return 1;
    JSAMPROW rows[64];
    size_t batch = d->rows_per_read < 64 ? d->rows_per_read : 64;
    /* Rows go straight into the 8-bit image when nothing needs converting on the way. */
    int direct = rows8 != NULL && !d->convert_cmyk;
    while (d->cinfo.output_scanline < d->cinfo.output_height) {
        size_t first = d->cinfo.output_scanline;
        for (size_t r = 0; r < batch; r++)
            rows[r] = direct ? rows8 + (first + r < height ? first + r : height - 1) * out_row : ctx->scratch + r * in_row;
        JDIMENSION read = jpeg_read_scanlines(&d->cinfo, rows, (JDIMENSION)batch);
        for (size_t r = 0; r < read && !direct; r++) {
            const uint8_t *row = rows[r];
            if (d->convert_cmyk) {
                uint8_t *rgb = rows8 != NULL ? rows8 + (first + r) * out_row : d->rgb_row;
                fbi_cmyk_row_to_rgb(row, rgb, width, d->adobe_inverted);
                row = rgb;
            }
            if (rows8 == NULL) fbi_widen_row(row, out + (first + r) * out_row, out_row);
        }
    }
#if defined(__x86_64__) || defined(__i386__)
    /* Order the non-temporal stores before anything that reads the output. */
    __builtin_ia32_sfence();
#endif
    jpeg_finish_decompress(&d->cinfo);
    if (orient && out != NULL) fbi_orient_widen(d->image, width, height, d->channels, orientation, out);
    if (orient && out8 != NULL) fbi_orient_copy(d->image, width, height, d->channels, orientation, out8);
    return 0;
}

int fb_jpeg_decoder_read(fb_jpeg_decoder *d, float *out, size_t count, int orientation,
                         char *message, size_t message_capacity) {
    return read_pixels(d, out, NULL, count, orientation, message, message_capacity);
}

int fb_jpeg_decoder_read8(fb_jpeg_decoder *d, uint8_t *out, size_t count, int orientation,
                          char *message, size_t message_capacity) {
    return read_pixels(d, NULL, out, count, orientation, message, message_capacity);
}

size_t fb_jpeg_decoder_exif(const fb_jpeg_decoder *d, const uint8_t **bytes) {
    *bytes = d->ctx.metadata.exif;
    return d->ctx.metadata.exif != NULL ? d->ctx.metadata.exif_length : 0;
}

size_t fb_jpeg_decoder_xmp(const fb_jpeg_decoder *d, const uint8_t **bytes) {
    *bytes = d->ctx.metadata.xmp;
    return d->ctx.metadata.xmp != NULL ? d->ctx.metadata.xmp_length : 0;
}

const fb_warning_list *fb_jpeg_decoder_warnings(const fb_jpeg_decoder *d) { return &d->ctx.warnings; }

int fb_jpeg_decoder_icc_segments(const fb_jpeg_decoder *d, int *dropped) {
    *dropped = d->ctx.metadata.icc_dropped;
    return d->ctx.metadata.icc_segments;
}

size_t fb_jpeg_decoder_icc_segment(const fb_jpeg_decoder *d, int index, int *sequence, int *count,
                                   const uint8_t **bytes) {
    *bytes = NULL;
    *sequence = *count = 0;
    if (index < 0 || index >= d->ctx.metadata.icc_segments) return 0;
    const fbi_jpeg_icc_segment *segment = &d->ctx.metadata.icc[index];
    *sequence = segment->sequence;
    *count = segment->count;
    *bytes = segment->bytes;
    return segment->length;
}
