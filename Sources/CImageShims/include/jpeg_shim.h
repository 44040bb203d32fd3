#ifndef FILTERBANK_JPEG_SHIM_H
#define FILTERBANK_JPEG_SHIM_H
#include <stddef.h>
#include <stdint.h>

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
    size_t exif_length;      /* bytes of the first "Exif\0\0" APP1 payload copied into the caller's buffer */
    int benign_warnings;     /* warnings that do not mean damaged data (unknown JFIF/Adobe versions) */
} fb_jpeg_header;

/* Largest APP1 payload a JPEG can hold: a marker length is 16 bits and includes itself. */
#define FB_JPEG_MAX_APP1 65533

/* Default bound on progressive scans (libjpeg-turbo's recommendation against files crafted to make
   decoding quadratic: every scan walks the whole coefficient buffer). */
#define FB_JPEG_MAX_SCANS 1000

/* Reads the headers of `data` (up to the first SOS). The first EXIF APP1 payload (after "Exif\0\0"
   is kept too) is copied into `exif` (capacity `exif_capacity`, FB_JPEG_MAX_APP1 is always enough). */
int fb_jpeg_read_header(const uint8_t *data, size_t size, fb_jpeg_header *header,
                        uint8_t *exif, size_t exif_capacity, char *message, size_t message_capacity);

/* A decoder between its two steps: headers read and checked, pixels not yet decoded. The caller
   allocates the Float32 output in between, so pixels go straight from libjpeg's row buffer into it
   (no full-size 8-bit intermediate). */
typedef struct fb_jpeg_decoder fb_jpeg_decoder;

/* Step 1: reads the headers of `data` (which must stay alive until fb_jpeg_decoder_destroy), refuses
   width × height > max_pixels before any pixel memory is allocated, and starts decompression.
   `*channels` becomes 1 for grayscale, 3 (RGB) for everything else. Files with more than `max_scans`
   scans fail. On failure `*decoder` is NULL. */
int fb_jpeg_decoder_start(const uint8_t *data, size_t size, uint64_t max_pixels, int max_scans,
                          fb_jpeg_header *header,
                          uint8_t *exif, size_t exif_capacity, int *channels, fb_jpeg_decoder **decoder,
                          char *message, size_t message_capacity);

/* Step 2: decodes every row into `out` (height × width × channels floats, 0…255), interleaved.
   CMYK/YCCK become RGB as
     R = 255·(1−C/255)·(1−K/255)  (plain CMYK)      R = C·K/255  (Adobe-inverted data)
   (G from M, B from Y), rounded to the nearest integer. Strict: any warning that signals damaged or
   truncated data fails, as does an error. */
int fb_jpeg_decoder_read(fb_jpeg_decoder *decoder, float *out, size_t count, char *message, size_t message_capacity);

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
   (`*jpeg`, `*jpeg_size`; free with fb_jpeg_free). */
int fb_jpeg_encode(const uint8_t *pixels, int width, int height, int channels,
                   const fb_jpeg_encode_options *options, uint8_t **jpeg, size_t *jpeg_size,
                   char *message, size_t message_capacity);

/* Releases a buffer returned by this shim. */
void fb_jpeg_free(void *buffer);
#endif
