#include "png_messages.h"
#include <stdio.h>
#include <string.h>

void fbi_png_copy_text(char *to, size_t capacity, const char *text) {
    if (to == NULL || capacity == 0) return;
    snprintf(to, capacity, "%s", text != NULL ? text : "unknown libpng error");
}

void fbi_png_on_error(png_structp png, png_const_charp text) {
    fb_png_messages *messages = (fb_png_messages *)png_get_error_ptr(png);
    fbi_png_copy_text(messages->message, sizeof messages->message, text);
    png_longjmp(png, 1);
}

/* libpng reports these pixel-data problems only as benign errors (warnings by default): a bad zlib
   checksum or extra data after the image ("IDAT: ..."), IDAT chunks split by others, palette indices past
   the palette. Metadata complaints (e.g. "iCCP: known incorrect sRGB profile") stay warnings: many real
   files have them and their pixels are fine. */
static int means_damaged_pixels(const char *text) {
    return strncmp(text, "IDAT", 4) == 0 || strstr(text, "Too many IDATs") != NULL ||
           strstr(text, "palette index") != NULL;
}

void fbi_png_on_warning(png_structp png, png_const_charp text) {
    fb_png_messages *messages = (fb_png_messages *)png_get_error_ptr(png);
    if (text == NULL) text = "unknown libpng warning";
    messages->warnings += 1;
    fbi_png_copy_text(messages->warning, sizeof messages->warning, text);
    if (!messages->damaged && means_damaged_pixels(text)) {
        messages->damaged = 1;
        fbi_png_copy_text(messages->damage, sizeof messages->damage, text);
    }
}

int fbi_png_is_little_endian(void) {
    const uint16_t one = 1;
    return *(const uint8_t *)&one == 1;
}
