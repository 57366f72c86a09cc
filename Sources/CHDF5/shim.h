// Exposes the libhdf5 API to Swift. The H5T_NATIVE_*, H5T_C_S1, H5F_ACC_* and H5T_VARIABLE
// macros expand to globals Swift cannot import safely, so each is wrapped in a static inline
// function here (the only C WeightPort writes for HDF5).
#ifndef WEIGHTPORT_CHDF5_SHIM_H
#define WEIGHTPORT_CHDF5_SHIM_H

#include <hdf5.h>

static inline hid_t wp_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t wp_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t wp_H5T_NATIVE_UINT16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t wp_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t wp_H5T_C_S1(void) { return H5T_C_S1; }
static inline unsigned wp_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline size_t wp_H5T_VARIABLE(void) { return H5T_VARIABLE; }

#endif
