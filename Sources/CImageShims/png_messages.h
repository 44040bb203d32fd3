#ifndef FILTERBANK_PNG_MESSAGES_H
#define FILTERBANK_PNG_MESSAGES_H
/* libpng's error and warning handlers shared by the PNG reader and writer (private to this target). */
#include <png.h>
#include <stddef.h>
#include <stdint.h>
#include "png_shim.h"
#include "decode_warnings.h"

/* libpng calls these instead of printing: errors are copied and unwound to the setjmp of the shim
   function that made the failing call; a warning fails the call too when `fail_on` refuses what it
   means (see fb_png_read_options), and is kept in `warnings` otherwise. */
typedef struct {
    char message[256];
    int fail_on;
    fb_warning_list warnings;
} fb_png_messages;

/* Copies `text` (or a generic message when NULL) into `to`. */
void fbi_png_copy_text(char *to, size_t capacity, const char *text);

/* libpng's error handler: keeps the message and longjmps to the calling shim function's setjmp. */
void fbi_png_on_error(png_structp png, png_const_charp text);

/* libpng's warning handler: fails the call on a warning the level refuses, keeps the others. */
void fbi_png_on_warning(png_structp png, png_const_charp text);

/* 1 on a little-endian CPU. */
int fbi_png_is_little_endian(void);
#endif
