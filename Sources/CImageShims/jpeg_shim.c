#include "jpeg_shim.h"
#include <stdio.h>
#include <jpeglib.h>
int fb_jpeg_shim_version(void) { return JPEG_LIB_VERSION; }
