#ifndef FILTERBANK_HDF5_WATCHDOG_H
#define FILTERBANK_HDF5_WATCHDOG_H
// Bounds every libhdf5 call: between begin and end a watchdog thread ends the process with status 2
// when the call outlives the limit (30 s, or FILTERBANK_HDF5_TIME_LIMIT seconds).
void fb_watch_begin(void);
void fb_watch_end(void);
#endif
