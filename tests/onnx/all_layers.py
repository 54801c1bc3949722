"""Writes a DigitLab model file (.dlm) with every kind of layer and random weights: usage all_layers.py OUT.dlm

The presets use no AveragePool, Sigmoid, Selu, strides, odd 'same' padding or convolution after a Dense layer;
this model does, so that the export of each is judged too. Layout: src/core/model_file.hpp.
"""
import struct
import sys
import zlib

import numpy as np

DENSE, RELU, TANH, DROPOUT, CONV, MAXPOOL, FLATTEN, AVGPOOL, ZEROPAD, BATCHNORM, SIGMOID, SELU = range(1, 13)
# (kind, units, rate, kernel, stride, same, pad)
LAYERS = [
    (BATCHNORM, 0, 0, 0, 1, 0, 0),  # on the images: one channel
    (ZEROPAD, 0, 0, 0, 1, 0, 1),
    (CONV, 8, 0, 3, 2, 1, 0),       # 30 -> 15, 'same' padding 0 on top, 1 at the bottom
    (SELU, 0, 0, 0, 1, 0, 0),
    (AVGPOOL, 0, 0, 2, 2, 1, 0),    # 15 -> 8, padding not averaged in
    (CONV, 6, 0, 3, 1, 0, 0),       # 8 -> 6
    (SIGMOID, 0, 0, 0, 1, 0, 0),
    (MAXPOOL, 0, 0, 3, 2, 1, 0),    # 6 -> 3
    (BATCHNORM, 0, 0, 0, 1, 0, 0),
    (TANH, 0, 0, 0, 1, 0, 0),
    (FLATTEN, 0, 0, 0, 1, 0, 0),
    (DROPOUT, 0, 0.3, 0, 1, 0, 0),
    (DENSE, 16, 0, 0, 1, 0, 0),
    (BATCHNORM, 0, 0, 0, 1, 0, 0),  # per feature
    (RELU, 0, 0, 0, 1, 0, 0),
    (CONV, 12, 0, 1, 1, 0, 0),      # a 1x1 image of 16 channels again
    (RELU, 0, 0, 0, 1, 0, 0),
    (DENSE, 10, 0, 0, 1, 0, 0),
]


def out_side(side, kernel, stride, same):
    return -(-side // stride) if same else (side - kernel) // stride + 1


def main(path):
    rng = np.random.default_rng(1)
    h, w, c = 28, 28, 1
    out = bytearray(b"DLABMODL") + struct.pack("<II", 1, len(LAYERS))
    params = []
    for kind, units, rate, kernel, stride, same, pad in LAYERS:
        out += struct.pack("<IIfIIBIffI", kind, units, rate, kernel, stride, same, pad, 0.99, 1e-3, 0)
        tensors = []
        if kind == DENSE:
            tensors = [rng.normal(0, (h * w * c) ** -0.5, h * w * c * units), rng.normal(0, 0.1, units)]
            h, w, c = 1, 1, units
        elif kind == CONV:
            tensors = [rng.normal(0, (kernel * kernel * c) ** -0.5, kernel * kernel * c * units), rng.normal(0, 0.1, units)]
            h, w, c = out_side(h, kernel, stride, same), out_side(w, kernel, stride, same), units
        elif kind in (MAXPOOL, AVGPOOL):
            h, w = out_side(h, kernel, stride, same), out_side(w, kernel, stride, same)
        elif kind == ZEROPAD:
            h, w = h + 2 * pad, w + 2 * pad
        elif kind == FLATTEN:
            h, w, c = 1, 1, h * w * c
        elif kind == BATCHNORM:  # gamma, beta, running mean and variance
            tensors = [rng.uniform(0.5, 1.5, c), rng.normal(0, 0.2, c), rng.normal(0, 0.2, c), rng.uniform(0.5, 1.5, c)]
        params.append(np.concatenate(tensors).astype("<f4") if tensors else np.zeros(0, "<f4"))
    for p in params:
        out += struct.pack("<I", p.size) + p.tobytes()
    out += struct.pack("<I", zlib.crc32(out))
    with open(path, "wb") as f:
        f.write(out)


main(sys.argv[1])
