#ifndef FILTERBANK_IMAGE_METADATA_H
#define FILTERBANK_IMAGE_METADATA_H
#include <stddef.h>
#include <stdint.h>

/* Metadata blocks an encoder writes unchanged (any may be NULL with length 0):
   `exif`  TIFF bytes ("II*\0" / "MM\0*" ...), without JPEG's "Exif\0\0" prefix;
   `xmp`   the XMP packet (UTF-8 XML);
   `icc`   the ICC profile, as its header and tags. */
typedef struct {
    const uint8_t *exif;
    size_t exif_length;
    const uint8_t *xmp;
    size_t xmp_length;
    const uint8_t *icc;
    size_t icc_length;
} fb_image_metadata;
#endif
