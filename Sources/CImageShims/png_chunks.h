#ifndef FILTERBANK_PNG_CHUNKS_H
#define FILTERBANK_PNG_CHUNKS_H
/* The metadata chunks both PNG writers put after IHDR (private to this target). */
#include <stddef.h>
#include <stdint.h>
#include "image_metadata.h"

/* One chunk's type and payload (malloc'd). */
typedef struct {
    char type[5];
    uint8_t *data;
    size_t size;
} fbi_png_chunk;

enum { FBI_PNG_METADATA_CHUNKS = 3 };

/* The iCCP (zlib-compressed profile named "ICC profile"), eXIf (TIFF bytes) and iTXt
   ("XML:com.adobe.xmp", uncompressed) chunks of `metadata` that are present, in that order. Returns
   how many, or -1 with a message when out of memory or a block is too large for a chunk. */
int fbi_png_metadata_chunks(const fb_image_metadata *metadata, fbi_png_chunk chunks[FBI_PNG_METADATA_CHUNKS],
                            const char **failure);

/* Frees the payloads of `count` chunks. */
void fbi_png_free_chunks(fbi_png_chunk *chunks, int count);
#endif
