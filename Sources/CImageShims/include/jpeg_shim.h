#ifndef FILTERBANK_JPEG_SHIM_H
#define FILTERBANK_JPEG_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include "image_metadata.h"
#include "decode_warnings.h"

/* libjpeg reports fatal errors by longjmp-ing out of its error_exit hook; every libjpeg call here runs
   inside one of these C functions, which owns the setjmp, so a longjmp never crosses a Swift frame.
   Each returns 0 on success, or non-zero with the library's message copied into `message`. */

/* Colour space of the stored data (the SOF/Adobe/JFIF interpretation libjpeg made). */
typedef enum {
    FB_JPEG_GRAY = 1,
    FB_JPEG_RGB = 2,
    FB_JPEG_YCBCR = 3,
    FB_JPEG_CMYK = 4,
    FB_JPEG_YCCK = 5,
    FB_JPEG_OTHER = 6
} fb_jpeg_color_space;

/* Header facts, read without decoding the entropy-coded data. */
typedef struct {
    int width;
    int height;
    int components;          /* in the file: 1, 3 or 4 for the colour spaces we decode */
    int color_space;         /* fb_jpeg_color_space */
    int progressive;         /* SOF2/SOF6/SOF10 */
    int arithmetic;          /* arithmetic entropy coding (SOF9/SOF10) */
    int adobe;               /* an Adobe APP14 marker was seen: CMYK/YCCK data is stored inverted */
    int restart_interval;    /* in MCUs, 0 when none */
    int h_sampling[4];       /* per-component sampling factors (first four components) */
    int v_sampling[4];
} fb_jpeg_header;

/* Default bound on progressive scans (libjpeg-turbo's recommendation against files crafted to make
   decoding quadratic: every scan walks the whole coefficient buffer). */
#define FB_JPEG_MAX_SCANS 1000

/* Most ICC_PROFILE APP2 segments kept: the sequence number is one byte, so a profile has at most 255. */
#define FB_JPEG_MAX_ICC_SEGMENTS 255

/* ICC profile bytes one APP2 segment carries: 65533 payload bytes less "ICC_PROFILE\0", sequence, count. */
#define FB_JPEG_ICC_SEGMENT_BYTES 65519

/* Largest EXIF TIFF block one APP1 holds (65533 payload bytes less "Exif\0\0"). */
#define FB_JPEG_MAX_EXIF 65527

/* Largest XMP packet one APP1 holds (65533 payload bytes less "http://ns.adobe.com/xap/1.0/\0"). */
#define FB_JPEG_MAX_XMP 65504

/* A decoder over a JPEG in memory (the bytes must stay alive until fb_jpeg_decoder_destroy). */
typedef struct fb_jpeg_decoder fb_jpeg_decoder;

/* Step 1: reads the headers (up to the first SOS) and keeps the metadata segments of the header: the
   first EXIF APP1, the first XMP APP1 and every ICC_PROFILE APP2 (at most 255, 64 KB each), so marker
   memory stays bounded whatever the file holds. `fail_on` (FB_FAIL_ON_*) says which libjpeg warnings
   fail this and the later steps; the others are kept (fb_jpeg_decoder_warnings). Bytes skipped before
   a marker are damage (pixels intact) except before a restart marker; the end of the data is
   truncation; every other warning (corrupt entropy-coded data, ...) means corrupt pixels, which
   libjpeg fills with gray. Errors always fail. On failure `*decoder` is NULL. */
int fb_jpeg_decoder_open(const uint8_t *data, size_t size, int fail_on, fb_jpeg_header *header,
                         fb_jpeg_decoder **decoder, char *message, size_t message_capacity);

/* Step 2: refuses width × height > max_pixels before any pixel memory is allocated, bounds the scans by
   `max_scans` and starts decompression. `*channels` becomes 1 for grayscale, 3 (RGB) for everything
   else. The caller allocates the Float32 output between this and step 3, so pixels go straight from
   libjpeg's row buffer into it (no full-size 8-bit intermediate). */
int fb_jpeg_decoder_start(fb_jpeg_decoder *decoder, uint64_t max_pixels, int max_scans, int *channels,
                          char *message, size_t message_capacity);

/* Step 3: decodes every row into `out` (height × width × channels floats, 0…255), interleaved, turned
   upright for EXIF `orientation` 2…8 (width and height swapped for 5…8; 1 or anything else leaves the
   stored layout). CMYK/YCCK become RGB as
     R = 255·(1−C/255)·(1−K/255)  (plain CMYK)      R = C·K/255  (Adobe-inverted data)
   (G from M, B from Y), rounded to the nearest integer. */
int fb_jpeg_decoder_read(fb_jpeg_decoder *decoder, float *out, size_t count, int orientation,
                         char *message, size_t message_capacity);

/* The same into 8-bit samples (what libjpeg produced, upright), for callers that convert later. */
int fb_jpeg_decoder_read8(fb_jpeg_decoder *decoder, uint8_t *out, size_t count, int orientation,
                          char *message, size_t message_capacity);

/* The first EXIF APP1 payload after "Exif\0\0" (the TIFF block), owned by the decoder; 0 when none. */
size_t fb_jpeg_decoder_exif(const fb_jpeg_decoder *decoder, const uint8_t **bytes);

/* The first XMP APP1 payload after its namespace (the packet), owned by the decoder; 0 when none. */
size_t fb_jpeg_decoder_xmp(const fb_jpeg_decoder *decoder, const uint8_t **bytes);

/* The warnings kept so far (owned by the decoder). */
const fb_warning_list *fb_jpeg_decoder_warnings(const fb_jpeg_decoder *decoder);

/* How many ICC_PROFILE APP2 segments were kept, in file order; `*dropped` counts those past the 255th. */
int fb_jpeg_decoder_icc_segments(const fb_jpeg_decoder *decoder, int *dropped);

/* Segment `index`: its sequence number and segment count as stored (1-based, unchecked) and its
   profile bytes, owned by the decoder. */
size_t fb_jpeg_decoder_icc_segment(const fb_jpeg_decoder *decoder, int index, int *sequence, int *count,
                                   const uint8_t **bytes);

/* Releases the decoder on every path (NULL is fine). */
void fb_jpeg_decoder_destroy(fb_jpeg_decoder *decoder);

/* Encoder options beyond quality; the zero value is libjpeg's default baseline. */
typedef struct {
    int quality;             /* 1...100 */
    int subsampling;         /* chroma for 3-channel input: 0 = 4:4:4, 1 = 4:2:2, 2 = 4:2:0 */
    int optimize_huffman;    /* two-pass optimal Huffman tables (smaller, slower) */
    int progressive;         /* libjpeg's default progressive script */
    int arithmetic;          /* arithmetic coding instead of Huffman */
    int restart_rows;        /* restart marker every N MCU rows, 0 for none */
    int adobe_marker;        /* 4-channel input only: write an Adobe APP14 marker (Photoshop convention) */
    int ycck;                /* 4-channel input only: store as YCCK (implies the Adobe marker) */
} fb_jpeg_encode_options;

/* Encodes interleaved 8-bit samples (1 gray, 3 RGB, 4 CMYK as given) into a malloc'd JPEG
   (`*jpeg`, `*jpeg_size`; free with fb_jpeg_free). `metadata` (NULL for none) is written after the
   JFIF APP0: EXIF as APP1 "Exif\0\0", XMP as APP1 with the XMP namespace, the ICC profile split into
   ICC_PROFILE APP2 segments; blocks over the FB_JPEG_MAX_* sizes fail the call. */
int fb_jpeg_encode(const uint8_t *pixels, int width, int height, int channels,
                   const fb_jpeg_encode_options *options, const fb_image_metadata *metadata,
                   uint8_t **jpeg, size_t *jpeg_size, char *message, size_t message_capacity);

/* The same encoder fed a band of rows at a time, so a caller can compress rows as it makes them and
   never hold the whole image: start (options and metadata as for fb_jpeg_encode), write rows in
   order (`rows` rows of width × channels samples each), finish (the malloc'd JPEG, free with
   fb_jpeg_free), and destroy on every path (NULL is fine). Each call owns its setjmp; after a failed
   call the encoder only accepts destroy. */
typedef struct fb_jpeg_encoder fb_jpeg_encoder;
int fb_jpeg_encoder_start(int width, int height, int channels, const fb_jpeg_encode_options *options,
                          const fb_image_metadata *metadata, fb_jpeg_encoder **encoder,
                          char *message, size_t message_capacity);
int fb_jpeg_encoder_write(fb_jpeg_encoder *encoder, const uint8_t *pixels, int rows, char *message, size_t message_capacity);
int fb_jpeg_encoder_finish(fb_jpeg_encoder *encoder, uint8_t **jpeg, size_t *jpeg_size, char *message, size_t message_capacity);
void fb_jpeg_encoder_destroy(fb_jpeg_encoder *encoder);

/* Releases a buffer returned by this shim. */
void fb_jpeg_free(void *buffer);
#endif
