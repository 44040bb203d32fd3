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

static int chunk_is(const char *text, const char *name) { return strncmp(text, name, 4) == 0; }

/* What a libpng warning (or benign error, which libpng turns into a warning when reading) means for
   the pixels. Messages about one chunk start with its name. */
static int warning_kind(const char *text) {
    if (strstr(text, "CRC error") != NULL) {
        if (text[0] >= 'A' && text[0] <= 'Z') return FB_WARNING_CORRUPT;   /* critical chunk, used anyway */
        if (chunk_is(text, "tRNS") || chunk_is(text, "eXIf")) return FB_WARNING_CORRUPT;  /* alpha, orientation lost */
        /* A profile or XMP text that FilterBank would carry is lost: reported, the pixels are intact. */
        if (chunk_is(text, "iCCP") || chunk_is(text, "iTXt")) return FB_WARNING_METADATA;
        return FB_WARNING_DAMAGE;   /* a chunk FilterBank does not use */
    }
    if (chunk_is(text, "IDAT")) {
        /* Data after the last row: every pixel was decoded. A bad zlib checksum is not that sure. */
        if (strstr(text, "Extra compress") != NULL || strstr(text, "Too much image data") != NULL) return FB_WARNING_DAMAGE;
        return FB_WARNING_CORRUPT;
    }
    if (strstr(text, "Too many IDATs") != NULL) return FB_WARNING_DAMAGE;
    if (chunk_is(text, "tRNS")) return FB_WARNING_CORRUPT;   /* an ignored tRNS loses the alpha */
    /* The rest concerns ancillary chunks libpng checks and drops (iCCP profiles, text, gAMA, ...). */
    return FB_WARNING_METADATA;
}

void fbi_png_on_warning(png_structp png, png_const_charp text) {
    fb_png_messages *messages = (fb_png_messages *)png_get_error_ptr(png);
    if (text == NULL) text = "unknown libpng warning";
    int kind = warning_kind(text);
    if (fb_fail_on_refuses(messages->fail_on, kind)) png_error(png, text);
    fb_warning_list_add(&messages->warnings, kind, text);
}

int fbi_png_is_little_endian(void) {
    const uint16_t one = 1;
    return *(const uint8_t *)&one == 1;
}
