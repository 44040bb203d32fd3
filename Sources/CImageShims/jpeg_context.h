#ifndef FILTERBANK_JPEG_CONTEXT_H
#define FILTERBANK_JPEG_CONTEXT_H
/* State shared by the JPEG decoder and encoder files of the shim (private to this target). */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jpeglib.h>
#include "jpeg_shim.h"

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

/* Clears `ctx`, points it at the caller's message buffer and installs the handlers that replace
   libjpeg's exit() and printing. */
void fbi_jpeg_init_context(fb_context *ctx, char *message, size_t message_capacity);

/* Copies `text` into the caller's message buffer. */
void fbi_jpeg_copy_message(fb_context *ctx, const char *text);

/* Copies `text` and returns the shim's failure status (1), for failures found outside libjpeg. */
int fbi_jpeg_fail_plainly(fb_context *ctx, const char *text);

/* Installs the APP1 reader, reads the headers up to the first SOS (longjmps on error). */
void fbi_jpeg_read_headers(j_decompress_ptr cinfo, fb_context *ctx, const uint8_t *data, size_t size,
                           uint8_t *exif, size_t exif_capacity);

/* The header facts libjpeg found, and the EXIF length captured. */
void fbi_jpeg_fill_header(j_decompress_ptr cinfo, fb_context *ctx, fb_jpeg_header *header);
#endif
