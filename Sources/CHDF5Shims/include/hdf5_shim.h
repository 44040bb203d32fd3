#ifndef FILTERBANK_HDF5_SHIM_H
#define FILTERBANK_HDF5_SHIM_H
// Every libhdf5 call the Models module makes. libhdf5's error printing is off; a failing call returns
// a negative status and a message in `message` (at most `capacity` bytes, NUL-terminated), so nothing
// escapes into Swift but plain values. The serial libhdf5 build is not thread-safe: every function here
// holds one process-wide lock while it runs.
#include <stddef.h>
#include <stdint.h>

/// Largest dataset rank the shim reports.
#define FB_H5_MAX_RANK 8

/// Opens an HDF5 file image held in memory (libhdf5 copies it). Returns a file handle > 0, or a negative value.
int64_t fb_h5_open_image(const void *bytes, size_t length, char *message, size_t capacity);

/// Closes a handle from fb_h5_open_image.
void fb_h5_close(int64_t file);

/// What `path` names: 0 nothing, 1 a group, 2 a dataset, 3 something else; negative on error.
int fb_h5_kind(int64_t file, const char *path, char *message, size_t capacity);

/// The link names of group `path` in creation or name order, each followed by a NUL, in one buffer
/// from malloc (free it with fb_h5_free). At most `max_entries` names; more is an error.
int fb_h5_list(int64_t file, const char *path, size_t max_entries, char **names, size_t *length, size_t *count,
               char *message, size_t capacity);

/// String attribute `name` of the object at `path` (scalar or 1-D, fixed or variable length): each
/// element followed by a NUL, in one malloc'ed buffer of at most `max_bytes`. Returns 1 when the
/// attribute does not exist, 0 on success, negative on error.
int fb_h5_string_attribute(int64_t file, const char *path, const char *name, size_t max_bytes, size_t max_count,
                           char **text, size_t *length, size_t *count, char *message, size_t capacity);

/// Shape of the dataset at `path`, the bytes its data occupies in the file, and whether its elements
/// are numbers (integer or float) that read as float32.
int fb_h5_dataset_shape(int64_t file, const char *path, int *rank, uint64_t dims[FB_H5_MAX_RANK],
                        uint64_t *stored_bytes, int *element_bytes, int *is_number, char *message, size_t capacity);

/// Reads the whole dataset at `path`, converted to float32, into `values` (exactly `count` elements).
int fb_h5_read_floats(int64_t file, const char *path, float *values, size_t count, char *message, size_t capacity);

// One libhdf5 call may run 30 s (FILTERBANK_HDF5_TIME_LIMIT seconds when set) before the process ends
// with status 2 and a message on stderr: libhdf5 1.10 can loop forever on some damaged files and cannot
// be interrupted (hdf5_watchdog.c).

/// Frees a buffer returned by this shim.
void fb_h5_free(void *pointer);

#endif
