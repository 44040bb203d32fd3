#ifndef FILTERBANK_PNG_READER_H
#define FILTERBANK_PNG_READER_H
/* The PNG reader's state, shared by the files that read pixels and metadata (private to this target). */
#include "png_messages.h"

struct fb_png_reader {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t offset;            /* how far libpng has read */
    size_t next_chunk;        /* where the next chunk header not yet checked starts */
    size_t max_chunk_bytes;
    int hit_end;              /* a read ran past the end of the data: the file is truncated */
    int image_read;           /* png_read_image finished */
    png_uint_32 rows_done;    /* rows libpng has delivered (counts every pass when interlaced) */
    png_bytepp rows;
    fb_png_messages messages;
};
#endif
