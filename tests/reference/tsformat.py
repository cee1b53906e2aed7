"""Read and write named-tensor files in TorchSharp's format (the format of TorchSharp's Module.save).

Layout (all integers are unsigned LEB128: 7-bit groups, low group first, high bit = "more follows"):

    count
    count times:
        key byte length, key bytes (UTF-8)
        dtype            c10::ScalarType number (uint8=0 int8=1 int16=2 int32=3 int64=4
                         float16=5 float32=6 float64=7 bool=11 bfloat16=15)
        rank
        rank times: dim
        raw element bytes, little-endian, row-major (contiguous)

Usage:
    import tsformat
    tsformat.save({"w": torch.randn(3, 4)}, "file.dat")      # atomic: temp file + os.replace
    tensors = tsformat.load("file.dat")                       # dict name -> CPU tensor, file order
    tsformat.save_state_dict(model, "model.dat")              # export a PyTorch module's weights
"""
import io
import os
import sys
import tempfile

import torch

DTYPE_CODES = {
    torch.uint8: 0, torch.int8: 1, torch.int16: 2, torch.int32: 3, torch.int64: 4,
    torch.float16: 5, torch.float32: 6, torch.float64: 7, torch.bool: 11, torch.bfloat16: 15,
}
CODE_DTYPES = {code: dtype for dtype, code in DTYPE_CODES.items()}


def _write_leb128(stream, value):
    if value < 0:
        raise ValueError(f"LEB128 values here are unsigned, got {value}")
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            stream.write(bytes([byte | 0x80]))
        else:
            stream.write(bytes([byte]))
            return


def _read_leb128(stream):
    result, shift = 0, 0
    while True:
        b = stream.read(1)
        if not b:
            raise EOFError("truncated file: the stream ended inside a LEB128 number")
        result |= (b[0] & 0x7F) << shift
        if not b[0] & 0x80:
            return result
        shift += 7
        if shift > 63:
            raise ValueError("malformed LEB128 number (more than 64 bits)")


def _tensor_bytes(tensor):
    t = tensor.detach().to("cpu").contiguous()
    if sys.byteorder != "little":
        raise NotImplementedError("writing on a big-endian machine is not supported")
    # A uint8 view of the storage gives the raw bytes for every dtype, bool and bfloat16 included.
    return t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""


def write_stream(tensors, stream):
    """Writes the (name, tensor) pairs of a dict or a list to a binary stream."""
    items = list(tensors.items()) if hasattr(tensors, "items") else list(tensors)
    _write_leb128(stream, len(items))
    for name, tensor in items:
        if tensor.dtype not in DTYPE_CODES:
            raise ValueError(f"tensor '{name}' has dtype {tensor.dtype}, which the format does not hold")
        key = name.encode("utf-8")
        _write_leb128(stream, len(key))
        stream.write(key)
        _write_leb128(stream, DTYPE_CODES[tensor.dtype])
        _write_leb128(stream, tensor.dim())
        for d in tensor.shape:
            _write_leb128(stream, d)
        stream.write(_tensor_bytes(tensor))


def read_stream(stream):
    """Reads a whole file's entries from a binary stream into a dict (file order)."""
    result = {}
    for _ in range(_read_leb128(stream)):
        key_len = _read_leb128(stream)
        key_bytes = stream.read(key_len)
        if len(key_bytes) != key_len:
            raise EOFError("truncated file: the stream ended inside a key")
        name = key_bytes.decode("utf-8")
        code = _read_leb128(stream)
        if code not in CODE_DTYPES:
            raise ValueError(f"entry '{name}' has unknown dtype code {code}")
        dtype = CODE_DTYPES[code]
        shape = [_read_leb128(stream) for _ in range(_read_leb128(stream))]
        numel = 1
        for d in shape:
            numel *= d
        nbytes = numel * torch.empty((), dtype=dtype).element_size()
        data = stream.read(nbytes)
        if len(data) != nbytes:
            raise EOFError(f"truncated file: entry '{name}' needs {nbytes} bytes, {len(data)} left")
        raw = torch.frombuffer(bytearray(data), dtype=torch.uint8) if nbytes else torch.empty(0, dtype=torch.uint8)
        result[name] = raw.view(dtype).reshape(shape).clone()
    return result


def save(tensors, path):
    """Writes a dict (or list of pairs) name -> tensor to path atomically (temp file + os.replace)."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            write_stream(tensors, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def load(path):
    """Reads a file into a dict name -> CPU tensor; raises EOFError on a truncated file,
    ValueError on trailing bytes or an unknown dtype."""
    with open(path, "rb") as f:
        data = f.read()
    stream = io.BytesIO(data)
    result = read_stream(stream)
    if stream.tell() != len(data):
        raise ValueError(f"{path}: {len(data) - stream.tell()} unexpected bytes after the last entry")
    return result


def save_state_dict(module, path):
    """Exports a PyTorch module's state_dict (parameters and buffers, PyTorch's names) in TorchSharp's
    format, loadable with Module.load in TorchSharp or this project."""
    save(module.state_dict(), path)
