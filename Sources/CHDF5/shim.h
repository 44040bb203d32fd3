// Debian installs the serial libhdf5 headers under hdf5/serial/; pkg-config `hdf5` adds that folder,
// and the fallback finds them when only `hdf5-serial` is known to pkg-config.
#if __has_include(<hdf5.h>)
#include <hdf5.h>
#elif __has_include(<hdf5/serial/hdf5.h>)
#include <hdf5/serial/hdf5.h>
#else
#error "libhdf5 headers not found: install libhdf5-dev (Scripts/install-deps)"
#endif
