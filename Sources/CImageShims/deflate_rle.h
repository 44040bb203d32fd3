#ifndef FILTERBANK_DEFLATE_RLE_H
#define FILTERBANK_DEFLATE_RLE_H
/* A zlib stream (RFC 1950/1951) of literals and distance-1 runs, the kind zlib's Z_RLE writes, made
   several times faster than zlib for filtered feature maps (private to this target). */
#include <stddef.h>
#include <stdint.h>

typedef struct fbi_rle_stream fbi_rle_stream;

/* A new stream; every later write is at most `longest_write` bytes. NULL when out of memory. */
fbi_rle_stream *fbi_rle_open(size_t longest_write);

/* Appends `size` bytes (a filtered row); `last` ends the stream. Returns 0 when out of memory. */
int fbi_rle_write(fbi_rle_stream *stream, const uint8_t *data, size_t size, int last);

/* Frees the stream and returns its zlib bytes (malloc'd; `*size` of them), or NULL when the stream was
   not ended or memory ran out. */
uint8_t *fbi_rle_close(fbi_rle_stream *stream, size_t *size);
#endif
