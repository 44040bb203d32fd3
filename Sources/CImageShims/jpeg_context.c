#include "jpeg_context.h"
#include <string.h>
#include <jerror.h>

void fbi_jpeg_copy_message(fb_context *ctx, const char *text) {
    if (ctx->message != NULL && ctx->message_capacity > 0) {
        snprintf(ctx->message, ctx->message_capacity, "%s", text);
    }
}

void fbi_jpeg_set_message(fb_context *ctx, char *message, size_t message_capacity) {
    ctx->message = message;
    ctx->message_capacity = message_capacity;
    if (message != NULL && message_capacity > 0) message[0] = 0;
}

int fbi_jpeg_fail_plainly(fb_context *ctx, const char *text) {
    fbi_jpeg_copy_message(ctx, text);
    return 1;
}

/* Replaces libjpeg's error_exit (which calls exit()): copies the message out and jumps back to the
   shim function that owns the setjmp. */
static void fail_with_library_message(j_common_ptr cinfo) {
    fb_context *ctx = (fb_context *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    fbi_jpeg_copy_message(ctx, text);
    longjmp(ctx->jump, 1);
}

/* What a libjpeg warning means for the pixels, or 0 for the harmless version notes (unknown JFIF or
   Adobe versions), which are not reported at all. */
static int warning_kind(j_common_ptr cinfo) {
    switch (cinfo->err->msg_code) {
    case JWRN_JFIF_MAJOR: case JWRN_ADOBE_XFORM: return 0;
    case JWRN_JPEG_EOF: return FB_WARNING_TRUNCATED;
    /* Bytes skipped before a marker leave every pixel decoded unless the marker is a restart marker
       inside the entropy-coded data, where they stand for lost or garbled MCUs. */
    case JWRN_EXTRANEOUS_DATA: {
        int marker = cinfo->err->msg_parm.i[1];
        return marker >= 0xD0 && marker <= 0xD7 ? FB_WARNING_CORRUPT : FB_WARNING_DAMAGE;
    }
    /* Sequential scan parameters out of spec: libjpeg ignores them, the data decodes normally. */
    case JWRN_NOT_SEQUENTIAL: return FB_WARNING_DAMAGE;
    /* Corrupt Huffman/arithmetic data, a premature end of a segment, lost restart sync, a bad
       progression: libjpeg fills what it cannot decode with gray. */
    default: return FB_WARNING_CORRUPT;
    }
}

/* Replaces emit_message (which prints): trace messages (level >= 0) are dropped; a warning (level -1)
   fails the call when the failure level refuses its kind, and is kept for the caller otherwise. */
static void handle_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level >= 0) return;
    fb_context *ctx = (fb_context *)cinfo->err;
    cinfo->err->num_warnings++;
    int kind = warning_kind(cinfo);
    if (kind == 0) return;
    if (fb_fail_on_refuses(ctx->fail_on, kind)) fail_with_library_message(cinfo);
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    fb_warning_list_add(&ctx->warnings, kind, text);
}

void fbi_jpeg_init_context(fb_context *ctx, char *message, size_t message_capacity) {
    memset(ctx, 0, sizeof *ctx);
    ctx->fail_on = FB_FAIL_ON_WARNING;
    fbi_jpeg_set_message(ctx, message, message_capacity);
    jpeg_std_error(&ctx->pub);
    ctx->pub.error_exit = fail_with_library_message;
    ctx->pub.emit_message = handle_message;
}
