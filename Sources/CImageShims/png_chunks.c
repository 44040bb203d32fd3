#include "png_chunks.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* PNG chunk lengths are at most 2^31 - 1. */
static const size_t max_chunk = 0x7FFFFFFF;

static int add(fbi_png_chunk *chunk, const char *type, size_t size) {
    memcpy(chunk->type, type, 5);
    chunk->size = size;
    chunk->data = (uint8_t *)malloc(size > 0 ? size : 1);
    return chunk->data != NULL;
}

int fbi_png_metadata_chunks(const fb_image_metadata *m, fbi_png_chunk chunks[FBI_PNG_METADATA_CHUNKS],
                            const char **failure) {
    int count = 0;
    *failure = NULL;
    memset(chunks, 0, sizeof(fbi_png_chunk) * FBI_PNG_METADATA_CHUNKS);
    if (m == NULL) return 0;
    if (m->icc_length > 0) {
        static const char name[] = "ICC profile";          /* keyword, NUL, compression method 0 */
        uLong bound = compressBound((uLong)m->icc_length);
        if (m->icc_length > max_chunk || bound > max_chunk - sizeof name - 1) { *failure = "ICC profile too large for a PNG chunk"; goto fail; }
        if (!add(&chunks[count], "iCCP", sizeof name + 1 + bound)) goto out_of_memory;
        memcpy(chunks[count].data, name, sizeof name);
        chunks[count].data[sizeof name] = 0;
        uLongf packed = bound;
        if (compress2(chunks[count].data + sizeof name + 1, &packed, m->icc, (uLong)m->icc_length, 9) != Z_OK) {
            count++;
            goto out_of_memory;
        }
        chunks[count].size = sizeof name + 1 + packed;
        count++;
    }
    if (m->exif_length > 0) {
        if (m->exif_length > max_chunk) { *failure = "EXIF block too large for a PNG chunk"; goto fail; }
        if (!add(&chunks[count], "eXIf", m->exif_length)) goto out_of_memory;
        memcpy(chunks[count++].data, m->exif, m->exif_length);
    }
    if (m->xmp_length > 0) {
        /* Keyword, NUL, compression flag 0, method 0, empty language tag and translated keyword. */
        static const char head[22] = "XML:com.adobe.xmp\0\0\0\0";
        if (m->xmp_length > max_chunk - sizeof head) { *failure = "XMP packet too large for a PNG chunk"; goto fail; }
        if (!add(&chunks[count], "iTXt", sizeof head + m->xmp_length)) goto out_of_memory;
        memcpy(chunks[count].data, head, sizeof head);
        memcpy(chunks[count++].data + sizeof head, m->xmp, m->xmp_length);
    }
    return count;
out_of_memory:
    *failure = "out of memory";
fail:
    fbi_png_free_chunks(chunks, count);
    return -1;
}

void fbi_png_free_chunks(fbi_png_chunk *chunks, int count) {
    for (int i = 0; i < count; i++) {
        free(chunks[i].data);
        chunks[i].data = NULL;
    }
}
