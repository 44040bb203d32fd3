#include "jpeg_context.h"
#include <stdlib.h>
#include <string.h>
#include <jerror.h>

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

/* One APPn segment: `prefix` then `data`; the caller has checked that both fit in 65533 bytes. */
static void write_segment(j_compress_ptr cinfo, int marker, const uint8_t *prefix, size_t prefix_length,
                          const uint8_t *data, size_t length) {
    jpeg_write_m_header(cinfo, marker, (unsigned int)(prefix_length + length));
    for (size_t i = 0; i < prefix_length; i++) jpeg_write_m_byte(cinfo, prefix[i]);
    for (size_t i = 0; i < length; i++) jpeg_write_m_byte(cinfo, data[i]);
}

/* EXIF and XMP as APP1, the ICC profile as numbered ICC_PROFILE APP2 segments (as libjpeg-turbo's
   jpeg_write_icc_profile and Pillow write them). */
static void write_metadata(j_compress_ptr cinfo, const fb_image_metadata *m) {
    static const uint8_t exif_prefix[6] = {'E', 'x', 'i', 'f', 0, 0};
    static const char xmp_prefix[29] = "http://ns.adobe.com/xap/1.0/";
    if (m->exif_length > 0) write_segment(cinfo, JPEG_APP0 + 1, exif_prefix, sizeof exif_prefix, m->exif, m->exif_length);
    if (m->xmp_length > 0)
        write_segment(cinfo, JPEG_APP0 + 1, (const uint8_t *)xmp_prefix, sizeof xmp_prefix, m->xmp, m->xmp_length);
    size_t segments = (m->icc_length + FB_JPEG_ICC_SEGMENT_BYTES - 1) / FB_JPEG_ICC_SEGMENT_BYTES;
    for (size_t k = 0; k < segments; k++) {
        uint8_t prefix[14] = {'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0};
        prefix[12] = (uint8_t)(k + 1);
        prefix[13] = (uint8_t)segments;
        size_t offset = k * FB_JPEG_ICC_SEGMENT_BYTES;
        size_t length = m->icc_length - offset < FB_JPEG_ICC_SEGMENT_BYTES ? m->icc_length - offset : FB_JPEG_ICC_SEGMENT_BYTES;
        write_segment(cinfo, JPEG_APP0 + 2, prefix, sizeof prefix, m->icc + offset, length);
    }
}

/* NULL when every block fits its JPEG segments, else what is too large. */
static const char *oversized_metadata(const fb_image_metadata *m) {
    if (m->exif_length > FB_JPEG_MAX_EXIF) return "EXIF block too large for one APP1 segment";
    if (m->xmp_length > FB_JPEG_MAX_XMP) return "XMP packet too large for one APP1 segment";
    if (m->icc_length > (size_t)FB_JPEG_MAX_ICC_SEGMENTS * FB_JPEG_ICC_SEGMENT_BYTES)
        return "ICC profile too large for 255 APP2 segments";
    if ((m->exif_length > 0 && m->exif == NULL) || (m->xmp_length > 0 && m->xmp == NULL) ||
        (m->icc_length > 0 && m->icc == NULL))
        return "metadata length without bytes";
    return NULL;
}

/* An encoder between its calls: libjpeg's state and the context its error handler jumps through,
   on the heap so that each call can own its own setjmp. */
struct fb_jpeg_encoder {
    struct jpeg_compress_struct cinfo;
    struct jpeg_destination_mgr dest;
    fb_context ctx;
    size_t stride;
    int height;
    int created;
};

/* Frees libjpeg's state and the output buffer (both may be absent). */
static void encoder_release(fb_jpeg_encoder *encoder) {
    if (encoder->created) jpeg_destroy_compress(&encoder->cinfo);
    encoder->created = 0;
    free(encoder->ctx.encoded);
    encoder->ctx.encoded = NULL;
}

int fb_jpeg_encoder_start(int width, int height, int channels, const fb_jpeg_encode_options *options,
                          const fb_image_metadata *metadata, fb_jpeg_encoder **out,
                          char *message, size_t message_capacity) {
    *out = NULL;
    fb_jpeg_encoder *encoder = calloc(1, sizeof *encoder);
    if (encoder == NULL) {
        if (message_capacity > 0) snprintf(message, message_capacity, "out of memory for the JPEG encoder");
        return 1;
    }
    fb_context *ctx = &encoder->ctx;
    j_compress_ptr cinfo = &encoder->cinfo;
    fbi_jpeg_init_context(ctx, message, message_capacity);
    cinfo->err = &ctx->pub;
    const char *oversized = metadata != NULL ? oversized_metadata(metadata) : NULL;
    if (oversized != NULL) {
        int status = fbi_jpeg_fail_plainly(ctx, oversized);
        free(encoder);
        return status;
    }
    if (setjmp(ctx->jump)) {
        encoder_release(encoder);
        free(encoder);
        return 1;
    }
    jpeg_create_compress(cinfo);
    encoder->created = 1;
    if (width <= 0 || height <= 0 || (channels != 1 && channels != 3 && channels != 4)) ERREXIT(cinfo, JERR_EMPTY_IMAGE);
    /* A first guess of a quarter of the raw size fits most q90 photos; dest_grow doubles it otherwise. */
    ctx->encoded_capacity = (size_t)width * (size_t)height * (size_t)channels / 4 + 4096;
    ctx->encoded = malloc(ctx->encoded_capacity);
    if (ctx->encoded == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 2);
    encoder->dest.init_destination = dest_init;
    encoder->dest.empty_output_buffer = dest_grow;
    encoder->dest.term_destination = dest_term;
    cinfo->dest = &encoder->dest;

    cinfo->image_width = (JDIMENSION)width;
    cinfo->image_height = (JDIMENSION)height;
    cinfo->input_components = channels;
    cinfo->in_color_space = channels == 1 ? JCS_GRAYSCALE : channels == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(cinfo);
    if (channels == 4) {
        jpeg_set_colorspace(cinfo, options->ycck ? JCS_YCCK : JCS_CMYK);
        cinfo->write_Adobe_marker = (options->adobe_marker || options->ycck) ? TRUE : FALSE;
    }
    jpeg_set_quality(cinfo, options->quality, TRUE);
    cinfo->dct_method = JDCT_ISLOW;
    if (channels == 3) {
        /* jpeg_set_defaults chose 4:2:0 (luma 2×2); chroma components stay 1×1. */
        cinfo->comp_info[0].h_samp_factor = options->subsampling == 0 ? 1 : 2;
        cinfo->comp_info[0].v_samp_factor = options->subsampling == 2 ? 2 : 1;
    }
    cinfo->optimize_coding = options->optimize_huffman ? TRUE : FALSE;
    cinfo->arith_code = options->arithmetic ? TRUE : FALSE;
    cinfo->restart_in_rows = options->restart_rows > 0 ? options->restart_rows : 0;
    if (options->progressive) jpeg_simple_progression(cinfo);

    jpeg_start_compress(cinfo, TRUE);
    if (metadata != NULL) write_metadata(cinfo, metadata);
    encoder->stride = (size_t)width * (size_t)channels;
    encoder->height = height;
    *out = encoder;
    return 0;
}

int fb_jpeg_encoder_write(fb_jpeg_encoder *encoder, const uint8_t *pixels, int rows, char *message, size_t message_capacity) {
    fb_context *ctx = &encoder->ctx;
    fbi_jpeg_set_message(ctx, message, message_capacity);
    if (!encoder->created) return fbi_jpeg_fail_plainly(ctx, "the JPEG encoder already failed");
    if (rows < 0 || (int)encoder->cinfo.next_scanline + rows > encoder->height)
        return fbi_jpeg_fail_plainly(ctx, "more rows than the JPEG image has");
    if (setjmp(ctx->jump)) {
        encoder_release(encoder);
        return 1;
    }
    JSAMPROW pointers[16];
    int done = 0;
    while (done < rows) {
        int count = rows - done < 16 ? rows - done : 16;
        for (int r = 0; r < count; r++) pointers[r] = (JSAMPROW)(pixels + (size_t)(done + r) * encoder->stride);
        jpeg_write_scanlines(&encoder->cinfo, pointers, (JDIMENSION)count);
        done += count;
    }
    return 0;
}

int fb_jpeg_encoder_finish(fb_jpeg_encoder *encoder, uint8_t **jpeg, size_t *jpeg_size, char *message, size_t message_capacity) {
    fb_context *ctx = &encoder->ctx;
    fbi_jpeg_set_message(ctx, message, message_capacity);
    *jpeg = NULL;
    *jpeg_size = 0;
    if (!encoder->created) return fbi_jpeg_fail_plainly(ctx, "the JPEG encoder already failed");
    if ((int)encoder->cinfo.next_scanline != encoder->height) return fbi_jpeg_fail_plainly(ctx, "the JPEG image is missing rows");
    if (setjmp(ctx->jump)) {
        encoder_release(encoder);
        return 1;
    }
    jpeg_finish_compress(&encoder->cinfo);
    jpeg_destroy_compress(&encoder->cinfo);
    encoder->created = 0;
    *jpeg = ctx->encoded;
    *jpeg_size = ctx->encoded_size;
    ctx->encoded = NULL;
    return 0;
}

void fb_jpeg_encoder_destroy(fb_jpeg_encoder *encoder) {
    if (encoder == NULL) return;
    encoder_release(encoder);
    free(encoder);
}

int fb_jpeg_encode(const uint8_t *pixels, int width, int height, int channels,
                   const fb_jpeg_encode_options *options, const fb_image_metadata *metadata,
                   uint8_t **jpeg, size_t *jpeg_size, char *message, size_t message_capacity) {
    *jpeg = NULL;
    *jpeg_size = 0;
    fb_jpeg_encoder *encoder;
    if (fb_jpeg_encoder_start(width, height, channels, options, metadata, &encoder, message, message_capacity) != 0) return 1;
    int status = fb_jpeg_encoder_write(encoder, pixels, height, message, message_capacity);
    if (status == 0) status = fb_jpeg_encoder_finish(encoder, jpeg, jpeg_size, message, message_capacity);
    fb_jpeg_encoder_destroy(encoder);
    return status;
}

void fb_jpeg_free(void *buffer) { free(buffer); }
