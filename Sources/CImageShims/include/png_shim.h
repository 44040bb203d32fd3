#ifndef FILTERBANK_PNG_SHIM_H
#define FILTERBANK_PNG_SHIM_H
#include <stddef.h>
#include <stdint.h>
/* Filled in by the PNG codec work. */
int fb_png_shim_version(void);
#endif
