// Linux system calls that glibc's <fcntl.h> declares only under _GNU_SOURCE, which the Glibc
// module Swift imports does not define. Declared here with glibc's signatures (off64_t is int64_t
// on every 64-bit Linux), they link against the C library directly, so they also work in a fully
// static executable, where looking them up at run time (dlsym) finds nothing.
#ifndef WEIGHTPORT_CSYSTEMCALLS_SHIM_H
#define WEIGHTPORT_CSYSTEMCALLS_SHIM_H

#include <stdint.h>

#ifdef __linux__
int sync_file_range(int fd, int64_t offset, int64_t nbytes, unsigned int flags);
int fallocate(int fd, int mode, int64_t offset, int64_t len);
#endif

#endif
