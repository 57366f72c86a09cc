"""Small malformed Keras files for WeightPortKerasTests' error tests.

Run from the repository root with the Keras venv (see generate/README.md):

    /work/venv-keras/bin/python Fixtures/generate/make_keras_error_fixtures.py

Builds one tiny Keras 3 model (8x8x3 input, Conv2D, BatchNormalization, ReLU, GAP, Dense;
deterministic weights) saved as legacy .h5, then writes copies into Fixtures/keras_errors/,
each with exactly one defect, by rewriting the file with h5py:

- tiny_valid.h5                the model as saved (control)
- unsupported_layer.h5         model_config: the ReLU layer's class renamed to "ELU"
- bn_axis_not_last.h5          model_config: BatchNormalization axis 1
- weight_shape_mismatch.h5     model_config: Dense units 3 (the stored kernel is 4x2)
- float64_kernel.h5            the Conv2D kernel dataset rewritten as float64
- missing_weight.h5            the BatchNormalization moving_variance dataset and name removed
- not_hdf5.h5                  plain text with an .h5 name
- no_weights.keras             a .keras archive of the model without its model.weights.h5
- config_not_json.h5           model_config is not JSON
- extra_weight.h5              a 'bias' stored (and listed) for the Conv2D that has use_bias false
- unknown_inbound.h5           model_config: the Dense layer reads a layer that does not exist
- no_model_weights.h5          the model_weights group deleted
- plain_hdf5.h5                an HDF5 file with one dataset and nothing Keras wrote
- truncated.h5                 the first 2048 bytes of tiny_valid.h5

and, for the constructs MobileNet fixtures lack, a valid Keras 3 Sequential model with its
inputs and Keras' outputs: sequential_pooling.h5 (+ .inputs.npy, .logits.npy): Conv2D with
strides, MaxPooling2D/AveragePooling2D with 'same' padding, DepthwiseConv2D with
depth_multiplier 2, GlobalMaxPooling2D, Dense with a swish activation.
"""
import json
import os
import shutil
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import h5py
import keras
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "keras_errors")


def build():
    inputs = keras.Input((8, 8, 3), name="input_layer")
    x = keras.layers.Conv2D(4, 3, padding="same", use_bias=False, name="conv")(inputs)
    x = keras.layers.BatchNormalization(name="bn")(x)
    x = keras.layers.ReLU(6.0, name="relu")(x)
    x = keras.layers.GlobalAveragePooling2D(name="pool")(x)
    outputs = keras.layers.Dense(2, name="logits")(x)
    model = keras.Model(inputs, outputs, name="tiny")
    rng = np.random.default_rng(20261125)
    model.set_weights([rng.normal(size=w.shape).astype("float32") if i != 4 else
                       rng.uniform(0.5, 2.0, size=w.shape).astype("float32")
                       for i, w in enumerate(model.get_weights())])
    return model


def build_sequential():
    model = keras.Sequential([
        keras.Input((17, 17, 3), name="input_layer"),
        keras.layers.Conv2D(6, 3, strides=2, padding="same", activation="relu", name="conv"),
        keras.layers.MaxPooling2D(3, strides=2, padding="same", name="max_pool"),
        keras.layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", name="depthwise"),
        keras.layers.AveragePooling2D(2, padding="same", name="avg_pool"),
        keras.layers.GlobalMaxPooling2D(name="global_max"),
        keras.layers.Dense(3, activation="swish", name="logits"),
    ], name="sequential_pooling")
    rng = np.random.default_rng(20261126)
    model.set_weights([rng.normal(scale=0.5, size=w.shape).astype("float32") for w in model.get_weights()])
    return model


def edit_config(path, edit):
    with h5py.File(path, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        for layer in config["config"]["layers"]:
            edit(layer)
        f.attrs["model_config"] = json.dumps(config)


def copy(name):
    target = os.path.join(OUT, name)
    shutil.copyfile(os.path.join(OUT, "tiny_valid.h5"), target)
    return target


def main():
    os.makedirs(OUT, exist_ok=True)
    build().save(os.path.join(OUT, "tiny_valid.h5"))

    def rename(layer):
        if layer["name"] == "relu":
            layer["class_name"] = "ELU"
    edit_config(copy("unsupported_layer.h5"), rename)

    def axis(layer):
        if layer["name"] == "bn":
            layer["config"]["axis"] = 1
    edit_config(copy("bn_axis_not_last.h5"), axis)

    def units(layer):
        if layer["name"] == "logits":
            layer["config"]["units"] = 3
    edit_config(copy("weight_shape_mismatch.h5"), units)

    with h5py.File(copy("float64_kernel.h5"), "r+") as f:
        group = f["model_weights/conv/conv"]
        kernel = group["kernel"][()]
        del group["kernel"]
        group.create_dataset("kernel", data=kernel.astype("float64"))

    with h5py.File(copy("missing_weight.h5"), "r+") as f:
        group = f["model_weights/bn"]
        del group["bn/moving_variance"]
        group.attrs["weight_names"] = [n for n in group.attrs["weight_names"] if not n.endswith("moving_variance")]

    with h5py.File(copy("config_not_json.h5"), "r+") as f:
        f.attrs["model_config"] = "{this is not json"

    with h5py.File(copy("extra_weight.h5"), "r+") as f:
        group = f["model_weights/conv"]
        group.create_dataset("conv/bias", data=np.zeros(4, dtype="float32"))
        group.attrs["weight_names"] = list(group.attrs["weight_names"]) + ["conv/bias"]

    def dangling(layer):
        if layer["name"] == "logits":
            layer["inbound_nodes"][0]["args"][0]["config"]["keras_history"][0] = "nowhere"
    edit_config(copy("unknown_inbound.h5"), dangling)

    with h5py.File(copy("no_model_weights.h5"), "r+") as f:
        del f["model_weights"]

    with h5py.File(os.path.join(OUT, "plain_hdf5.h5"), "w") as f:
        f.create_dataset("data", data=np.arange(4, dtype="float32"))

    with open(os.path.join(OUT, "tiny_valid.h5"), "rb") as source, open(os.path.join(OUT, "truncated.h5"), "wb") as target:
        target.write(source.read(2048))

    keras_path = os.path.join(OUT, "tiny.keras")
    build().save(keras_path)
    with zipfile.ZipFile(keras_path) as source, zipfile.ZipFile(os.path.join(OUT, "no_weights.keras"), "w") as target:
        for name in ("metadata.json", "config.json"):
            target.writestr(name, source.read(name))
    os.remove(keras_path)

    sequential = build_sequential()
    sequential.save(os.path.join(OUT, "sequential_pooling.h5"))
    x = np.random.default_rng(7).uniform(-1, 1, (2, 17, 17, 3)).astype("float32")
    np.save(os.path.join(OUT, "sequential_pooling.inputs.npy"), x)
    np.save(os.path.join(OUT, "sequential_pooling.logits.npy"), sequential.predict(x, verbose=0).astype("float32"))

    with open(os.path.join(OUT, "not_hdf5.h5"), "w") as f:
        f.write("this is not an HDF5 file\n")

    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))


if __name__ == "__main__":
    main()
