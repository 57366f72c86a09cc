"""The tiny Keras model of Fixtures/keras_errors/tiny_valid.h5 with its weights stored the ways
libhdf5 allows besides Keras' own (contiguous little-endian float32), for the tests that the
importer reads every storage layout to the same tensors:

- tiny_chunked_gzip.h5   every weight dataset chunked, shuffled and gzip-compressed
- tiny_big_endian.h5     every weight dataset stored as big-endian float32 ('>f4')
- tiny_external_missing.h5  every weight dataset's values in an external raw file that is not
                         shipped: libhdf5 gives such data no offset in the .h5, so the import
                         must fail reading it rather than take bytes of the .h5 for the weights

Needs only h5py and numpy (any venv that has them, e.g. the bench venv); run from the
repository root after make_keras_error_fixtures.py:

    python Fixtures/generate/make_storage_variants.py
"""
import os
import shutil

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "keras_errors")


def rewrite(name, **create):
    """Copies tiny_valid.h5 to `name` and recreates each weight dataset with `create` options
    (a callable option is called with the dataset's path and values)."""
    target = os.path.join(OUT, name)
    shutil.copyfile(os.path.join(OUT, "tiny_valid.h5"), target)
    with h5py.File(target, "r+") as f:
        paths = []
        f["model_weights"].visititems(lambda path, obj: paths.append(path) if isinstance(obj, h5py.Dataset) else None)
        for path in paths:
            full = "model_weights/" + path
            values = f[full][()]
            del f[full]
            options = {key: value(path, values) if callable(value) else value for key, value in create.items()}
            if "external" in options:
                f.create_dataset(full, shape=values.shape, dtype=values.dtype, **options)
            else:
                f.create_dataset(full, data=values, **options)
    print(name, len(paths), "datasets")


def main():
    rewrite("tiny_chunked_gzip.h5", chunks=True, shuffle=True, compression="gzip", compression_opts=9)
    rewrite("tiny_big_endian.h5", dtype=">f4")
    rewrite("tiny_external_missing.h5",
            external=lambda path, values: [("missing-" + path.replace("/", "_") + ".bin", 0, values.nbytes)])


if __name__ == "__main__":
    main()
