namespace FasterSharp.Quantize;

/// <summary>The integer type a tensor is quantized to.</summary>
public enum QuantType
{
    /// <summary>Signed 8-bit integers, [−128, 127] (PyTorch's qint8, ONNX's INT8).</summary>
    Int8,

    /// <summary>Unsigned 8-bit integers, [0, 255] (PyTorch's quint8, ONNX's UINT8).</summary>
    UInt8,
}
