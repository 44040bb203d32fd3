#ifndef FILTERBANK_JPEG_CONTEXT_H
#define FILTERBANK_JPEG_CONTEXT_H
/* State shared by the JPEG decoder and encoder files of the shim (private to this target). */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jpeglib.h>
#include "jpeg_shim.h"
#include "decode_warnings.h"

/* One ICC_PROFILE APP2 segment as stored: its profile bytes, sequence number and segment count. */
typedef struct {
    uint8_t *bytes;
    size_t length;
    int sequence;
    int count;
} fbi_jpeg_icc_segment;

/* Metadata segments kept from the header (malloc'd; freed with the decoder). */
typedef struct {
    uint8_t *exif;
    size_t exif_length;
    uint8_t *xmp;
    size_t xmp_length;
    fbi_jpeg_icc_segment icc[FB_JPEG_MAX_ICC_SEGMENTS];
    int icc_segments;
    int icc_dropped;          /* ICC segments past FB_JPEG_MAX_ICC_SEGMENTS, not kept */
    int capturing;            /* only segments before the first scan are kept */
} fbi_jpeg_metadata;

/* Per-call state. `pub` comes first so libjpeg's `cinfo->err` can be cast back to the whole context.
   Buffers live here (in memory, address taken) so their values are still valid after a longjmp. */
typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char *message;
    size_t message_capacity;
    int max_scans;
    int fail_on;              /* FB_FAIL_ON_*: which warnings fail the call */
    fb_warning_list warnings; /* the others */
    fbi_jpeg_metadata metadata;
    /* Buffers owned by the running call, released on every path. */
    uint8_t *scratch;
    uint8_t *encoded;
    size_t encoded_capacity;
    size_t encoded_size;
} fb_context;

/* Clears `ctx`, points it at the caller's message buffer and installs the handlers that replace
   libjpeg's exit() and printing. */
void fbi_jpeg_init_context(fb_context *ctx, char *message, size_t message_capacity);

/* Points the context at a new message buffer for the next call. */
void fbi_jpeg_set_message(fb_context *ctx, char *message, size_t message_capacity);

/* Copies `text` into the caller's message buffer. */
void fbi_jpeg_copy_message(fb_context *ctx, const char *text);

/* Copies `text` and returns the shim's failure status (1), for failures found outside libjpeg. */
int fbi_jpeg_fail_plainly(fb_context *ctx, const char *text);

/* Installs the APP1/APP2 readers that keep EXIF, XMP and ICC segments (longjmp-free itself). */
void fbi_jpeg_install_marker_readers(j_decompress_ptr cinfo);

/* Frees the kept metadata segments. */
void fbi_jpeg_metadata_free(fbi_jpeg_metadata *metadata);

/* The header facts libjpeg found. */
void fbi_jpeg_fill_header(j_decompress_ptr cinfo, fb_jpeg_header *header);
#endif
