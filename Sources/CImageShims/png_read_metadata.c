#include "png_reader.h"
#include <string.h>

size_t fb_png_reader_exif(fb_png_reader *reader, const uint8_t **exif) {
    *exif = NULL;
    if (reader == NULL) return 0;
    png_uint_32 count = 0;
    png_bytep bytes = NULL;
    if (png_get_eXIf_1(reader->png, reader->info, &count, &bytes) == 0 || bytes == NULL) return 0;
    *exif = bytes;
    return count;
}

size_t fb_png_reader_icc(fb_png_reader *reader, const uint8_t **icc) {
    *icc = NULL;
    if (reader == NULL) return 0;
    png_charp name = NULL;
    int compression = 0;
    png_bytep profile = NULL;
    png_uint_32 length = 0;
    if (png_get_iCCP(reader->png, reader->info, &name, &compression, &profile, &length) == 0 || profile == NULL) return 0;
    *icc = profile;
    return length;
}

size_t fb_png_reader_xmp(fb_png_reader *reader, const uint8_t **xmp) {
    *xmp = NULL;
    if (reader == NULL) return 0;
    png_textp text = NULL;
    int count = 0;
    png_get_text(reader->png, reader->info, &text, &count);
    for (int i = 0; i < count; i++) {
        if (text[i].key == NULL || text[i].text == NULL || strcmp(text[i].key, "XML:com.adobe.xmp") != 0) continue;
        /* iTXt (compression 1 or 2) keeps its length in itxt_length, tEXt/zTXt in text_length. */
        *xmp = (const uint8_t *)text[i].text;
        return text[i].compression >= PNG_ITXT_COMPRESSION_NONE ? text[i].itxt_length : text[i].text_length;
    }
    return 0;
}

const fb_warning_list *fb_png_reader_warnings(const fb_png_reader *reader) { return &reader->messages.warnings; }
