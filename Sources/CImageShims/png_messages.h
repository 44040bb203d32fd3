#ifndef FILTERBANK_PNG_MESSAGES_H
#define FILTERBANK_PNG_MESSAGES_H
/* libpng's error and warning handlers shared by the PNG reader and writer (private to this target). */
#include <png.h>
#include <stddef.h>
#include <stdint.h>
#include "png_shim.h"

/* libpng calls these instead of printing: errors are copied and unwound to the setjmp of the shim
   function that made the failing call; warnings are only counted and kept, except the "benign errors"
   that mean the image data itself is damaged, which the decoder turns into failures afterwards. */
typedef struct {
    char message[256];
    char warning[256];
    int warnings;
    char damage[256];
    int damaged;
} fb_png_messages;

/* Copies `text` (or a generic message when NULL) into `to`. */
void fbi_png_copy_text(char *to, size_t capacity, const char *text);

/* libpng's error handler: keeps the message and longjmps to the calling shim function's setjmp. */
void fbi_png_on_error(png_structp png, png_const_charp text);

/* libpng's warning handler: counts warnings and remembers the first one that means damaged pixels. */
void fbi_png_on_warning(png_structp png, png_const_charp text);

/* 1 on a little-endian CPU. */
int fbi_png_is_little_endian(void);
#endif
