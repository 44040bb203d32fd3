#include "png_shim.h"
#include <png.h>
int fb_png_shim_version(void) { return PNG_LIBPNG_VER; }
