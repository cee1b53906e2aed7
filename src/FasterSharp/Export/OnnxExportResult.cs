namespace FasterSharp.Export;

/// <summary>What <see cref="OnnxExport.Export(TorchSharp.torch.nn.Module{TorchSharp.torch.Tensor, TorchSharp.torch.Tensor}, TorchSharp.torch.Tensor, string, string, string)"/> wrote.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="SizeBytes">The file's size in bytes.</param>
/// <param name="Nodes">The number of ONNX nodes in the graph.</param>
/// <param name="Operators">The ONNX operator types used, in order of first use.</param>
public sealed record OnnxExportResult(string Path, long SizeBytes, int Nodes, IReadOnlyList<string> Operators)
{
    /// <summary>A one-line summary, e.g. "model.onnx: 1,234,567 bytes, 31 nodes (Conv, BatchNormalization, Relu, …)".</summary>
    public override string ToString() =>
        $"{System.IO.Path.GetFileName(Path)}: {SizeBytes:N0} bytes, {Nodes} nodes ({string.Join(", ", Operators)})";
}
