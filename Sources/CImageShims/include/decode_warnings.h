#ifndef FILTERBANK_DECODE_WARNINGS_H
#define FILTERBANK_DECODE_WARNINGS_H
/* Failure levels and the warnings a decoder keeps, shared by the PNG and JPEG readers. */
#include <stddef.h>

/* How much damage fails a decode, libvips's `fail-on` levels, from most to least tolerant. */
enum {
    FB_FAIL_ON_NONE = 0,        /* never: decode whatever the library can */
    FB_FAIL_ON_TRUNCATED = 1,   /* only a truncated file */
    FB_FAIL_ON_ERROR = 2,       /* damage that changes pixels (and truncation) */
    FB_FAIL_ON_WARNING = 3      /* any damage, even when the pixels are intact */
};

/* What a warning says was affected. */
enum {
    FB_WARNING_DAMAGE = 1,      /* the file is damaged but the pixels are intact (junk before a marker, ...) */
    FB_WARNING_CORRUPT = 2,     /* pixels are wrong or missing (corrupt entropy-coded or image data) */
    FB_WARNING_TRUNCATED = 3,   /* the file ends early */
    FB_WARNING_METADATA = 4     /* only ancillary data was affected; never fails a decode */
};

/* Most warnings kept with their text; later ones are only counted. */
#define FB_MAX_WARNINGS 8

typedef struct {
    int kind;
    int repeats;              /* how many times this text came */
    char message[200];
} fb_decode_warning;

/* The warnings of one decode: the first FB_MAX_WARNINGS distinct ones, and those past them. */
typedef struct {
    fb_decode_warning kept[FB_MAX_WARNINGS];
    int kept_count;
    int dropped;              /* warnings with other texts after the list was full */
    int dropped_kind;         /* the kind of the first of them */
} fb_warning_list;

/* 1 when level `fail_on` fails a decode on a warning of `kind`. */
int fb_fail_on_refuses(int fail_on, int kind);

/* Records a warning (texts already kept are only counted again). */
void fb_warning_list_add(fb_warning_list *list, int kind, const char *text);
#endif
