#ifndef FILTERBANK_IMAGE_SHIMS_H
#define FILTERBANK_IMAGE_SHIMS_H
/* Every libpng/libjpeg call that can longjmp runs inside a C function of this target that owns the
   setjmp; Swift only sees status codes and copied-out messages. */
#include "png_shim.h"
#include "png_rle.h"
#include "jpeg_shim.h"
#endif
