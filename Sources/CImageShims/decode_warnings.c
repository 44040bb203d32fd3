#include "decode_warnings.h"
#include <stdio.h>
#include <string.h>

int fb_fail_on_refuses(int fail_on, int kind) {
    switch (kind) {
    case FB_WARNING_TRUNCATED: return fail_on >= FB_FAIL_ON_TRUNCATED;
    case FB_WARNING_CORRUPT: return fail_on >= FB_FAIL_ON_ERROR;
    case FB_WARNING_DAMAGE: return fail_on >= FB_FAIL_ON_WARNING;
    default: return 0;
    }
}

void fb_warning_list_add(fb_warning_list *list, int kind, const char *text) {
    for (int i = 0; i < list->kept_count; i++) {
        if (list->kept[i].kind == kind && strcmp(list->kept[i].message, text) == 0) {
            list->kept[i].repeats++;
            return;
        }
    }
    if (list->kept_count == FB_MAX_WARNINGS) {
        if (list->dropped++ == 0) list->dropped_kind = kind;
        return;
    }
    fb_decode_warning *warning = &list->kept[list->kept_count++];
    warning->kind = kind;
    warning->repeats = 1;
    snprintf(warning->message, sizeof warning->message, "%s", text);
}
