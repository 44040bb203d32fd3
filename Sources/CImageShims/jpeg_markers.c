#include "jpeg_context.h"
#include <string.h>
#include <jerror.h>

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

void fbi_jpeg_read_headers(j_decompress_ptr cinfo, fb_context *ctx, const uint8_t *data, size_t size,
                           uint8_t *exif, size_t exif_capacity) {
    ctx->exif = exif;
    ctx->exif_capacity = exif_capacity;
    jpeg_create_decompress(cinfo);
    jpeg_mem_src(cinfo, data, (unsigned long)size);
    jpeg_set_marker_processor(cinfo, JPEG_APP0 + 1, read_app1);
    jpeg_read_header(cinfo, TRUE);
}

void fbi_jpeg_fill_header(j_decompress_ptr cinfo, fb_context *ctx, fb_jpeg_header *header) {
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
