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

/* Replaces emit_message (which prints): trace messages (level >= 0) are dropped; warnings (level -1)
   fail the call unless they only concern unknown JFIF/Adobe versions, because every other libjpeg
   warning means damaged or truncated data that libjpeg would silently paper over with gray. */
static void handle_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level >= 0) return;
    cinfo->err->num_warnings++;
    int code = cinfo->err->msg_code;
    if (code == JWRN_JFIF_MAJOR || code == JWRN_ADOBE_XFORM) return;
    fail_with_library_message(cinfo);
}

void fbi_jpeg_init_context(fb_context *ctx, char *message, size_t message_capacity) {
    memset(ctx, 0, sizeof *ctx);
    fbi_jpeg_set_message(ctx, message, message_capacity);
    jpeg_std_error(&ctx->pub);
    ctx->pub.error_exit = fail_with_library_message;
    ctx->pub.emit_message = handle_message;
}
