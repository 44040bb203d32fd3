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

int fb_jpeg_encode(const uint8_t *pixels, int width, int height, int channels,
                   const fb_jpeg_encode_options *options, uint8_t **jpeg, size_t *jpeg_size,
                   char *message, size_t message_capacity) {
    struct jpeg_compress_struct cinfo;
    struct jpeg_destination_mgr dest;
    fb_context ctx;
    fbi_jpeg_init_context(&ctx, message, message_capacity);
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
