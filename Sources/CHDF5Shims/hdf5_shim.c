#include "hdf5_shim.h"
#include "hdf5_watchdog.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if __has_include(<hdf5.h>)
#include <hdf5.h>
#else
#include <hdf5/serial/hdf5.h>
#endif

static pthread_mutex_t fb_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long fb_image_counter = 0;

/// Appends each error-stack entry's description to the message (innermost last), at most a few.
typedef struct {
    char *message;
    size_t capacity;
    int entries;
} fb_walk_state;

static herr_t fb_walk(unsigned n, const H5E_error2_t *entry, void *data) {
    fb_walk_state *state = data;
    if (state->entries >= 3 || entry->desc == NULL) return 0;
    size_t used = strlen(state->message);
    if (used + 4 >= state->capacity) return 0;
    snprintf(state->message + used, state->capacity - used, "%s%s", state->entries ? "; " : " (", entry->desc);
    state->entries += 1;
    (void)n;
    return 0;
}

/// Writes `what` plus libhdf5's own explanation into `message` and clears the error stack.
static void fb_fail(char *message, size_t capacity, const char *what) {
    if (message == NULL || capacity == 0) {
        H5Eclear2(H5E_DEFAULT);
        return;
    }
    snprintf(message, capacity, "%s", what);
    fb_walk_state state = {message, capacity, 0};
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, fb_walk, &state);
    if (state.entries > 0) {
        size_t used = strlen(message);
        if (used + 2 < capacity) snprintf(message + used, capacity - used, ")");
    }
    H5Eclear2(H5E_DEFAULT);
}

static void fb_enter(void) {
    pthread_mutex_lock(&fb_lock);
    fb_watch_begin();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

static void fb_leave(void) {
    fb_watch_end();
    pthread_mutex_unlock(&fb_lock);
}

// The end of a call whose error paths may have left messages on libhdf5's error stack: cleared, so the
// next call starts clean, before the lock is given back.
static int fb_leave_with(int status) {
    H5Eclear2(H5E_DEFAULT);
    fb_leave();
    return status;
}

int64_t fb_h5_open_image(const void *bytes, size_t length, char *message, size_t capacity) {
    fb_enter();
    hid_t file = -1;
    hid_t access = H5Pcreate(H5P_FILE_ACCESS);
    if (access < 0) {
        fb_fail(message, capacity, "cannot create file access properties");
        goto done;
    }
    // The core driver keeps the whole file in memory and never writes it back.
    // STRONG: closing the file also closes anything an error path left open, so nothing outlives it.
    if (H5Pset_fapl_core(access, 1 << 16, 0) < 0 || H5Pset_file_image(access, (void *)bytes, length) < 0 ||
        H5Pset_fclose_degree(access, H5F_CLOSE_STRONG) < 0) {
        fb_fail(message, capacity, "cannot set up an in-memory file");
        goto done;
    }
    char name[64];
    snprintf(name, sizeof name, "filterbank-image-%lu", ++fb_image_counter);
    file = H5Fopen(name, H5F_ACC_RDONLY, access);
    if (file < 0) fb_fail(message, capacity, "not a readable HDF5 file");
done:
    if (access >= 0) H5Pclose(access);
    fb_leave();
    return file;
}

void fb_h5_close(int64_t file) {
    fb_enter();
    if (file >= 0) {
        H5Fclose((hid_t)file);
        H5Eclear2(H5E_DEFAULT);
    }
    fb_leave();
}

/// 0 missing, 1 group, 2 dataset, 3 other, negative on error; checks every prefix so a missing
/// intermediate group is "missing" rather than an error.
static int fb_kind_locked(hid_t file, const char *path, char *message, size_t capacity) {
    size_t length = strlen(path);
    if (length == 0 || length > 4096) {
        snprintf(message, capacity, "bad object path");
        return -1;
    }
    char *prefix = malloc(length + 1);
    if (prefix == NULL) {
        snprintf(message, capacity, "out of memory");
        return -1;
    }
    for (size_t i = 0; i <= length; i++) {
        if (path[i] != '/' && path[i] != '\0') continue;
        if (i == 0) continue;
        memcpy(prefix, path, i);
        prefix[i] = '\0';
        htri_t exists = H5Lexists(file, prefix, H5P_DEFAULT);
        if (exists <= 0) {
            free(prefix);
            if (exists < 0) {
                fb_fail(message, capacity, "cannot look up an object");
                return -1;
            }
            return 0;
        }
    }
    free(prefix);
    H5O_info_t info;
    if (H5Oget_info_by_name2(file, path, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
        fb_fail(message, capacity, "cannot read an object header");
        return -1;
    }
    switch (info.type) {
    case H5O_TYPE_GROUP: return 1;
    case H5O_TYPE_DATASET: return 2;
    default: return 3;
    }
}

int fb_h5_kind(int64_t file, const char *path, char *message, size_t capacity) {
    fb_enter();
    int kind = fb_kind_locked((hid_t)file, path, message, capacity);
    fb_leave();
    return kind;
}

typedef struct {
    char *buffer;
    size_t length, allocated, count, max_entries;
    int failed;
} fb_list_state;

static herr_t fb_list_one(hid_t group, const char *name, const H5L_info_t *info, void *data) {
    fb_list_state *state = data;
    (void)group;
    (void)info;
    if (state->count >= state->max_entries) {
        state->failed = 1;
        return 1;
    }
    size_t size = strlen(name) + 1;
    if (state->length + size > state->allocated) {
        size_t grown = (state->allocated + size) * 2;
        char *bigger = realloc(state->buffer, grown);
        if (bigger == NULL) {
            state->failed = 2;
            return 1;
        }
        state->buffer = bigger;
        state->allocated = grown;
    }
    memcpy(state->buffer + state->length, name, size);
    state->length += size;
    state->count += 1;
    return 0;
}

int fb_h5_list(int64_t file, const char *path, size_t max_entries, char **names, size_t *length, size_t *count,
               char *message, size_t capacity) {
    fb_enter();
    int status = -1;
    *names = NULL;
    *length = 0;
    *count = 0;
    hid_t group = H5Gopen2((hid_t)file, path, H5P_DEFAULT);
    if (group < 0) {
        fb_fail(message, capacity, "cannot open a group");
        goto done;
    }
    fb_list_state state = {NULL, 0, 0, 0, max_entries, 0};
    hsize_t index = 0;
    herr_t walked = H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, fb_list_one, &state);
    if (state.failed == 1) {
        snprintf(message, capacity, "the group has more than %zu members", max_entries);
        H5Eclear2(H5E_DEFAULT);
    } else if (state.failed == 2) {
        snprintf(message, capacity, "out of memory listing a group");
    } else if (walked < 0) {
        fb_fail(message, capacity, "cannot list a group");
    } else {
        *names = state.buffer;
        *length = state.length;
        *count = state.count;
        state.buffer = NULL;
        status = 0;
    }
    free(state.buffer);
    H5Gclose(group);
done:
    fb_leave();
    return status;
}

/// Copies `count` strings of at most `width` bytes each (stopping at a NUL) into one NUL-separated buffer.
static int fb_pack_strings(char **items, const char *fixed, size_t width, size_t count, size_t max_bytes,
                           char **text, size_t *length, char *message, size_t capacity) {
    size_t total = 0;
    for (size_t i = 0; i < count; i++) {
        const char *item = items ? items[i] : fixed + i * width;
        size_t size = item == NULL ? 0 : (items ? strnlen(item, max_bytes + 1) : strnlen(item, width));
        total += size + 1;
        if (total > max_bytes) {
            snprintf(message, capacity, "a string attribute is longer than %zu bytes", max_bytes);
            return -1;
        }
    }
    char *buffer = malloc(total ? total : 1);
    if (buffer == NULL) {
        snprintf(message, capacity, "out of memory");
        return -1;
    }
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        const char *item = items ? items[i] : fixed + i * width;
        size_t size = item == NULL ? 0 : (items ? strnlen(item, max_bytes + 1) : strnlen(item, width));
        if (size) memcpy(buffer + at, item, size);
        at += size;
        buffer[at++] = '\0';
    }
    *text = buffer;
    *length = total;
    return 0;
}

int fb_h5_string_attribute(int64_t file, const char *path, const char *name, size_t max_bytes, size_t max_count,
                           char **text, size_t *length, size_t *count, char *message, size_t capacity) {
    fb_enter();
    int status = -1;
    hid_t attribute = -1, type = -1, space = -1, memory = -1;
    *text = NULL;
    *length = 0;
    *count = 0;
    htri_t exists = H5Aexists_by_name((hid_t)file, path, name, H5P_DEFAULT);
    if (exists <= 0) {
        if (exists < 0) fb_fail(message, capacity, "cannot look up an attribute");
        else status = 1;
        goto done;
    }
    attribute = H5Aopen_by_name((hid_t)file, path, name, H5P_DEFAULT, H5P_DEFAULT);
    if (attribute < 0 || (type = H5Aget_type(attribute)) < 0 || (space = H5Aget_space(attribute)) < 0) {
        fb_fail(message, capacity, "cannot open an attribute");
        goto done;
    }
    if (H5Tget_class(type) != H5T_STRING) {
        snprintf(message, capacity, "attribute '%s' is not a string", name);
        goto done;
    }
    int rank = H5Sget_simple_extent_ndims(space);
    hssize_t points = H5Sget_simple_extent_npoints(space);
    if (rank < 0 || rank > 1 || points < 0 || (size_t)points > max_count) {
        snprintf(message, capacity, "attribute '%s' is not a scalar or a short list of strings", name);
        H5Eclear2(H5E_DEFAULT);
        goto done;
    }
    size_t n = (size_t)points;
    htri_t variable = H5Tis_variable_str(type);
    if (variable < 0 || (memory = H5Tcopy(H5T_C_S1)) < 0) {
        fb_fail(message, capacity, "cannot read an attribute's type");
        goto done;
    }
    H5Tset_cset(memory, H5Tget_cset(type));
    if (variable) {
        H5Tset_size(memory, H5T_VARIABLE);
        char **items = calloc(n ? n : 1, sizeof(char *));
        if (items == NULL) {
            snprintf(message, capacity, "out of memory");
            goto done;
        }
        if (H5Aread(attribute, memory, items) < 0) {
            fb_fail(message, capacity, "cannot read a string attribute");
        } else {
            status = fb_pack_strings(items, NULL, 0, n, max_bytes, text, length, message, capacity);
            H5Dvlen_reclaim(memory, space, H5P_DEFAULT, items);
        }
        free(items);
    } else {
        size_t width = H5Tget_size(type);
        if (width == 0 || (n && width > max_bytes / n)) {
            snprintf(message, capacity, "string attribute '%s' is larger than %zu bytes", name, max_bytes);
            goto done;
        }
        H5Tset_size(memory, width);
        H5Tset_strpad(memory, H5T_STR_NULLPAD);
        char *fixed = calloc(n ? n * width : 1, 1);
        if (fixed == NULL) {
            snprintf(message, capacity, "out of memory");
            goto done;
        }
        if (H5Aread(attribute, memory, fixed) < 0) fb_fail(message, capacity, "cannot read a string attribute");
        else status = fb_pack_strings(NULL, fixed, width, n, max_bytes, text, length, message, capacity);
        free(fixed);
    }
    if (status == 0) *count = n;
done:
    if (memory >= 0) H5Tclose(memory);
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    if (attribute >= 0) H5Aclose(attribute);
    return fb_leave_with(status);
}

int fb_h5_dataset_shape(int64_t file, const char *path, int *rank, uint64_t dims[FB_H5_MAX_RANK],
                        uint64_t *stored_bytes, int *element_bytes, int *is_number, char *message, size_t capacity) {
    fb_enter();
    int status = -1;
    hid_t dataset = -1, type = -1, space = -1;
    dataset = H5Dopen2((hid_t)file, path, H5P_DEFAULT);
    if (dataset < 0 || (type = H5Dget_type(dataset)) < 0 || (space = H5Dget_space(dataset)) < 0) {
        fb_fail(message, capacity, "cannot open a dataset");
        goto done;
    }
    int n = H5Sget_simple_extent_ndims(space);
    if (n < 0 || n > FB_H5_MAX_RANK) {
        snprintf(message, capacity, "dataset rank is not 0…%d", FB_H5_MAX_RANK);
        goto done;
    }
    hsize_t sizes[FB_H5_MAX_RANK];
    if (H5Sget_simple_extent_dims(space, sizes, NULL) < 0) {
        fb_fail(message, capacity, "cannot read a dataset's shape");
        goto done;
    }
    H5T_class_t kind = H5Tget_class(type);
    *rank = n;
    for (int i = 0; i < n; i++) dims[i] = (uint64_t)sizes[i];
    *stored_bytes = (uint64_t)H5Dget_storage_size(dataset);
    *element_bytes = (int)H5Tget_size(type);
    *is_number = kind == H5T_FLOAT || kind == H5T_INTEGER;
    status = 0;
done:
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    if (dataset >= 0) H5Dclose(dataset);
    return fb_leave_with(status);
}

int fb_h5_read_floats(int64_t file, const char *path, float *values, size_t count, char *message, size_t capacity) {
    fb_enter();
    int status = -1;
    hid_t dataset = -1, space = -1;
    dataset = H5Dopen2((hid_t)file, path, H5P_DEFAULT);
    if (dataset < 0 || (space = H5Dget_space(dataset)) < 0) {
        fb_fail(message, capacity, "cannot open a dataset");
        goto done;
    }
    hssize_t points = H5Sget_simple_extent_npoints(space);
    if (points < 0 || (size_t)points != count) {
        snprintf(message, capacity, "dataset holds %lld values, expected %zu", (long long)points, count);
        H5Eclear2(H5E_DEFAULT);
        goto done;
    }
    if (count == 0) {
        status = 0;
        goto done;
    }
    if (H5Dread(dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0) {
        fb_fail(message, capacity, "cannot read a dataset's values");
        goto done;
    }
    status = 0;
done:
    if (space >= 0) H5Sclose(space);
    if (dataset >= 0) H5Dclose(dataset);
    return fb_leave_with(status);
}

void fb_h5_free(void *pointer) { free(pointer); }
