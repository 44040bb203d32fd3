#include "hdf5_shim.h"
#include "hdf5_watchdog.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

// libhdf5 1.10 can loop forever on some damaged files (seen in its global-heap reader). It cannot be
// interrupted safely, so a watchdog ends the process with status 2 and a message when one call runs
// longer than the limit: a bounded failure instead of a hang.
static _Atomic long long fb_deadline = 0;
static _Atomic int fb_limit_seconds = 30;
static pthread_once_t fb_watchdog_once = PTHREAD_ONCE_INIT;

static long long fb_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void *fb_watchdog(void *unused) {
    (void)unused;
    for (;;) {
        struct timespec pause = {0, 200000000};
        nanosleep(&pause, NULL);
        long long deadline = atomic_load(&fb_deadline);
        if (deadline != 0 && fb_now() > deadline) {
            static const char text[] = "filterbank: the model file makes libhdf5 run without end (a damaged HDF5 file); giving up\n";
            ssize_t ignored = write(2, text, sizeof text - 1);
            (void)ignored;
            _exit(2);
        }
    }
    return NULL;
}

static void fb_start_watchdog(void) {
    const char *limit = getenv("FILTERBANK_HDF5_TIME_LIMIT");
    if (limit != NULL && atoi(limit) > 0) atomic_store(&fb_limit_seconds, atoi(limit));
    pthread_t thread;
    if (pthread_create(&thread, NULL, fb_watchdog, NULL) == 0) pthread_detach(thread);
}

void fb_watch_begin(void) {
    pthread_once(&fb_watchdog_once, fb_start_watchdog);
    atomic_store(&fb_deadline, fb_now() + (long long)atomic_load(&fb_limit_seconds) * 1000000000LL);
}

void fb_watch_end(void) { atomic_store(&fb_deadline, 0); }
