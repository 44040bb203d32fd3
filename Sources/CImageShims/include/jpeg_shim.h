#ifndef FILTERBANK_JPEG_SHIM_H
#define FILTERBANK_JPEG_SHIM_H
#include <stddef.h>
#include <stdint.h>
/* Filled in by the JPEG codec work. */
int fb_jpeg_shim_version(void);
#endif
