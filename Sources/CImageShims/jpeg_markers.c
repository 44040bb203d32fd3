#include "jpeg_context.h"
#include <stdlib.h>
#include <string.h>
#include <jerror.h>

/* Own APP1/APP2 readers instead of jpeg_save_markers (which would keep every segment in libjpeg's pool):
   only the segments FilterBank carries are kept, each at most 64 KB, and at most 255 ICC segments. */

static const uint8_t exif_signature[6] = {'E', 'x', 'i', 'f', 0, 0};
static const char xmp_signature[29] = "http://ns.adobe.com/xap/1.0/";   /* with its NUL: 29 bytes */
static const char icc_signature[12] = "ICC_PROFILE";                      /* with its NUL: 12 bytes */

/* Copies the next `length` bytes of the segment into `to`, or skips them when `to` is NULL. The memory
   source never suspends: at the end of the data it warns and supplies an EOI marker. */
static void read_bytes(j_decompress_ptr cinfo, uint8_t *to, size_t length) {
    struct jpeg_source_mgr *src = cinfo->src;
    while (length > 0) {
        if (src->bytes_in_buffer == 0) (*src->fill_input_buffer)(cinfo);
        size_t chunk = src->bytes_in_buffer < length ? src->bytes_in_buffer : length;
        if (to != NULL) {
            memcpy(to, src->next_input_byte, chunk);
            to += chunk;
        }
        src->next_input_byte += chunk;
        src->bytes_in_buffer -= chunk;
        length -= chunk;
    }
}

/* The segment's payload length (after its two length bytes). */
static size_t payload_length(j_decompress_ptr cinfo) {
    uint8_t bytes[2];
    read_bytes(cinfo, bytes, 2);
    size_t length = (size_t)bytes[0] << 8 | bytes[1];
    if (length < 2) ERREXIT(cinfo, JERR_BAD_LENGTH);
    return length - 2;
}

/* Reads the rest of a segment whose first `head_length` bytes are in `head` into a new buffer holding
   everything after the first `skip` bytes; `*target` owns it before any read can fail. */
static size_t keep_rest(j_decompress_ptr cinfo, const uint8_t *head, size_t head_length, size_t skip,
                        size_t length, uint8_t **target) {
    size_t kept = length - skip;
    uint8_t *bytes = (uint8_t *)malloc(kept > 0 ? kept : 1);
    if (bytes == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 10);
    *target = bytes;
    memcpy(bytes, head + skip, head_length - skip);
    read_bytes(cinfo, bytes + (head_length - skip), length - head_length);
    return kept;
}

/* APP1: the first "Exif\0\0" block and the first XMP packet. */
static boolean read_app1(j_decompress_ptr cinfo) {
    fbi_jpeg_metadata *m = &((fb_context *)cinfo->err)->metadata;
    size_t length = payload_length(cinfo);
    uint8_t head[sizeof xmp_signature];
    size_t head_length = length < sizeof head ? length : sizeof head;
    read_bytes(cinfo, head, head_length);
    if (m->capturing && m->exif == NULL && head_length >= sizeof exif_signature &&
        memcmp(head, exif_signature, sizeof exif_signature) == 0) {
        m->exif_length = keep_rest(cinfo, head, head_length, sizeof exif_signature, length, &m->exif);
    } else if (m->capturing && m->xmp == NULL && head_length == sizeof xmp_signature &&
               memcmp(head, xmp_signature, sizeof xmp_signature) == 0) {
        m->xmp_length = keep_rest(cinfo, head, head_length, sizeof xmp_signature, length, &m->xmp);
    } else {
        read_bytes(cinfo, NULL, length - head_length);
    }
    return TRUE;
}

/* APP2: "ICC_PROFILE\0", sequence number, segment count, profile bytes. */
static boolean read_app2(j_decompress_ptr cinfo) {
    fbi_jpeg_metadata *m = &((fb_context *)cinfo->err)->metadata;
    size_t length = payload_length(cinfo);
    uint8_t head[sizeof icc_signature + 2];
    size_t head_length = length < sizeof head ? length : sizeof head;
    read_bytes(cinfo, head, head_length);
    if (m->capturing && head_length == sizeof head && memcmp(head, icc_signature, sizeof icc_signature) == 0) {
        if (m->icc_segments < FB_JPEG_MAX_ICC_SEGMENTS) {
            fbi_jpeg_icc_segment *segment = &m->icc[m->icc_segments++];
            segment->sequence = head[sizeof icc_signature];
            segment->count = head[sizeof icc_signature + 1];
            segment->length = keep_rest(cinfo, head, head_length, sizeof head, length, &segment->bytes);
            return TRUE;
        }
        m->icc_dropped++;
    }
    read_bytes(cinfo, NULL, length - head_length);
    return TRUE;
}

void fbi_jpeg_install_marker_readers(j_decompress_ptr cinfo) {
    jpeg_set_marker_processor(cinfo, JPEG_APP0 + 1, read_app1);
    jpeg_set_marker_processor(cinfo, JPEG_APP0 + 2, read_app2);
}

void fbi_jpeg_metadata_free(fbi_jpeg_metadata *m) {
    free(m->exif);
    free(m->xmp);
    for (int i = 0; i < m->icc_segments; i++) free(m->icc[i].bytes);
    memset(m, 0, sizeof *m);
}

void fbi_jpeg_fill_header(j_decompress_ptr cinfo, fb_jpeg_header *header) {
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
}
