"""ONNX's own checker on exported files: usage check_model.py FILE.onnx...

Run with Debian's /usr/bin/python3, where python3-onnx installs. Exits 1 naming the first file it rejects.
"""
import sys

import onnx

for path in sys.argv[1:]:
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)  # full_check: also infers every tensor's shape
    except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError) as e:
        sys.exit(f"{path}: {e}")
    ops = sorted({node.op_type for node in model.graph.node})
    print(f"{path}: accepted (opset {model.opset_import[0].version}: {' '.join(ops)})")
