#ifndef FILTERBANK_PNG_SHIM_H
#define FILTERBANK_PNG_SHIM_H
/* libpng behind functions that own their setjmp: libpng reports fatal errors with longjmp, which must
   never cross a Swift frame. Every function returns a status (or NULL) and copies libpng's message into
   the caller's buffer; warnings are kept, never printed. */
#include <stddef.h>
#include <stdint.h>
#include "image_metadata.h"
#include "decode_warnings.h"

/* ---- Decoding ---------------------------------------------------------------------------------- */

/** An open decoder over a PNG held in memory (the bytes must outlive it). */
typedef struct fb_png_reader fb_png_reader;

/** Header facts, as stored and after the decode transforms. */
typedef struct {
    uint32_t width;
    uint32_t height;
    /** Bits per sample as stored: 1, 2, 4, 8 or 16. */
    int bit_depth;
    /** PNG colour type as stored: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
    int color_type;
    /** 1 for Adam7. */
    int interlaced;
    /** 1 when a valid tRNS chunk was read (it becomes an alpha channel). */
    int has_trns;
    /** Channels of the decoded pixels: palette expanded to RGB, tRNS to alpha. */
    int channels;
    /** 1 (uint8 samples) or 2 (native-endian uint16 samples, 16-bit files). */
    int bytes_per_sample;
} fb_png_header;

/** How to read: bounds, so a hostile header or chunk cannot make us allocate without limit, and how
    much damage fails the file. */
typedef struct {
    /** Largest width x height accepted, checked from IHDR before any row is allocated; 0 = no check. */
    uint64_t max_pixels;
    /** Largest non-IDAT chunk accepted (the file fails when libpng reaches one above it) and largest
        decompressed zTXt/iTXt/iCCP kept (dropped above it), in bytes; 0 = libpng defaults. */
    size_t max_chunk_bytes;
    /** Most ancillary chunks cached. */
    uint32_t max_chunks;
    /** FB_FAIL_ON_*. CRC errors: in critical chunks they fail from `error` up (below, the data is used);
        in ancillary ones they fail at `warning`, else the chunk is dropped (a warning; corrupt when it
        was tRNS or eXIf, whose loss changes pixels). Extra data after the image stream is damage;
        other image-data problems and palette indices past the palette are corrupt pixels; the end of
        the file is truncation. When the level accepts a failure while reading rows, the rows read
        stay and the others are zero. */
    int fail_on;
} fb_png_read_options;

/** Reads the signature and every chunk up to the first IDAT. With `for_decoding`, also checks
    `max_pixels` and sets up the decode transforms (palette to RGB, tRNS to alpha, 1/2/4-bit gray to 8,
    16-bit swapped to native order, Adam7 de-interlacing). Returns NULL and a message on error. */
fb_png_reader *fb_png_reader_open(const uint8_t *data, size_t size, const fb_png_read_options *options,
                                  int for_decoding, fb_png_header *header,
                                  char *message, size_t message_capacity);

/** Decodes every row into `pixels` (height x width x channels samples, `pixels_size` bytes) and reads the
    chunks after the image data up to IEND. Returns 1, or 0 and a message. */
int fb_png_reader_read_pixels(fb_png_reader *reader, void *pixels, size_t pixels_size,
                              char *message, size_t message_capacity);

/** The eXIf chunk read so far (TIFF bytes, owned by the reader), or 0 bytes when there is none. */
size_t fb_png_reader_exif(fb_png_reader *reader, const uint8_t **exif);

/** The iCCP profile (inflated by libpng within `max_chunk_bytes`, owned by the reader), or 0 bytes. */
size_t fb_png_reader_icc(fb_png_reader *reader, const uint8_t **icc);

/** The first text chunk with keyword "XML:com.adobe.xmp" read so far (the XMP packet, inflated if it
    was compressed, owned by the reader), or 0 bytes. */
size_t fb_png_reader_xmp(fb_png_reader *reader, const uint8_t **xmp);

/** The warnings kept so far (owned by the reader). */
const fb_warning_list *fb_png_reader_warnings(const fb_png_reader *reader);

/** Releases everything the reader holds. NULL is allowed. */
void fb_png_reader_close(fb_png_reader *reader);

/* ---- Encoding ---------------------------------------------------------------------------------- */

/** How to write. */
typedef struct {
    /** zlib level 0-9. */
    int level;
    /** zlib strategy (Z_DEFAULT_STRATEGY 0, Z_FILTERED 1, Z_HUFFMAN_ONLY 2, Z_RLE 3, Z_FIXED 4). */
    int strategy;
    /** libpng filter mask (PNG_FILTER_NONE 0x08, SUB 0x10, UP 0x20, AVG 0x40, PAETH 0x80, or several). */
    int filters;
    /** 1 writes Adam7. */
    int interlaced;
    /** zlib output buffer, which is also the IDAT chunk size; 0 keeps libpng's 8 KiB. */
    size_t buffer_size;
} fb_png_write_options;

/** A PNG written to memory; release with `fb_png_buffer_free`. */
typedef struct {
    uint8_t *bytes;
    size_t count;
    size_t capacity;
} fb_png_buffer;

/** Encodes interleaved row-major samples (uint8, or native-endian uint16 when `bit_depth` is 16) with
    1 gray, 2 gray+alpha, 3 RGB or 4 RGBA channels, and `metadata` (NULL for none) as iCCP, eXIf and
    iTXt XMP chunks after IHDR. Returns 1 and the file in `output`, or 0 and a message (and an empty
    `output`). */
int fb_png_encode(const void *pixels, uint32_t width, uint32_t height, int channels, int bit_depth,
                  const fb_png_write_options *options, const fb_image_metadata *metadata, fb_png_buffer *output,
                  char *message, size_t message_capacity);

/** Frees the bytes of a buffer filled by `fb_png_encode` and empties it. */
void fb_png_buffer_free(fb_png_buffer *buffer);

#endif
