"""Checks ONNX files with Debian's python3-onnx: onnx.checker.check_model(model, full_check=True) (structure,
operator schemas of the declared opset, and shape inference). Usage: check_onnx.py FILE...
Prints "ok FILE" per file; on the first failure prints the checker's message and exits 1."""
import sys

import onnx


def main(paths):
    for path in paths:
        model = onnx.load(path)
        try:
            onnx.checker.check_model(model, full_check=True)
        except Exception as e:  # the checker raises ValidationError or InferenceError
            print(f"fail {path}: {type(e).__name__}: {e}")
            return 1
        print(f"ok {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
