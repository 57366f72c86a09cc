// Exposes the libhdf5 API to Swift. The H5T_NATIVE_*, H5T_IEEE_F32LE, H5T_C_S1, H5F_ACC_*, H5E_DEFAULT and
// H5T_VARIABLE macros expand to globals Swift cannot import safely, so each is wrapped in a static
// inline function here, with the one error-stack walk that needs a C callback.
#ifndef WEIGHTPORT_CHDF5_SHIM_H
#define WEIGHTPORT_CHDF5_SHIM_H

#include <hdf5.h>
#include <stdio.h>
#include <string.h>

static inline hid_t wp_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t wp_H5T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
static inline hid_t wp_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t wp_H5T_NATIVE_UINT16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t wp_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t wp_H5T_C_S1(void) { return H5T_C_S1; }
static inline unsigned wp_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline size_t wp_H5T_VARIABLE(void) { return H5T_VARIABLE; }
static inline hid_t wp_H5E_DEFAULT(void) { return H5E_DEFAULT; }
static inline hid_t wp_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }

// File-image callbacks that lend libhdf5 the caller's memory instead of copying it (`udata` is the
// image): allocation returns the image, copies onto itself do nothing, nothing is freed.
static void *wp_lent_image_malloc(size_t size, H5FD_file_image_op_t op, void *udata) { return udata; }
static void *wp_lent_image_memcpy(void *dest, const void *src, size_t size, H5FD_file_image_op_t op, void *udata) {
    if (dest != src) memcpy(dest, src, size);
    return dest;
}
static void *wp_lent_image_realloc(void *ptr, size_t size, H5FD_file_image_op_t op, void *udata) { return NULL; }
static herr_t wp_lent_image_free(void *ptr, H5FD_file_image_op_t op, void *udata) { return 0; }
static void *wp_lent_udata_copy(void *udata) { return udata; }
static herr_t wp_lent_udata_free(void *udata) { return 0; }

/// Sets `fapl` (core driver, no backing store) to read the file image at `image` in place: for a
/// read-only open of memory that stays mapped and unchanged until the file is closed.
static inline herr_t wp_lend_file_image(hid_t fapl, const void *image, size_t size) {
    H5FD_file_image_callbacks_t callbacks = {
        wp_lent_image_malloc, wp_lent_image_memcpy, wp_lent_image_realloc, wp_lent_image_free,
        wp_lent_udata_copy, wp_lent_udata_free, (void *)image
    };
    if (H5Pset_fapl_core(fapl, 1 << 20, 0) < 0 || H5Pset_file_image_callbacks(fapl, &callbacks) < 0) return -1;
    return H5Pset_file_image(fapl, (void *)image, size);
}

/// Turns off libhdf5's printing of every error stack to stderr (errors are reported by the caller).
static inline void wp_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

typedef struct { char *buffer; size_t capacity; } wp_error_text;

static herr_t wp_error_walk(unsigned n, const H5E_error2_t *error, void *data) {
    wp_error_text *text = (wp_error_text *)data;
    if (error == NULL || error->desc == NULL || error->desc[0] == 0) return 0;
    size_t used = strlen(text->buffer);
    if (used + 3 >= text->capacity) return 0;
    snprintf(text->buffer + used, text->capacity - used, "%s%s", used > 0 ? "; " : "", error->desc);
    return 0;
}

/// Writes the descriptions on the calling thread's error stack, outermost first, separated by
/// "; ", into `buffer` (always NUL-terminated), then clears the stack.
static inline void wp_current_error(char *buffer, size_t capacity) {
    if (capacity == 0) return;
    buffer[0] = 0;
    wp_error_text text = { buffer, capacity };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, wp_error_walk, &text);
    H5Eclear2(H5E_DEFAULT);
}

#endif
