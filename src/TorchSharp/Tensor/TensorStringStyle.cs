namespace TorchSharp;

/// <summary>How <see cref="torch.Tensor.ToString(TensorStringStyle, string?, int?, System.Globalization.CultureInfo?, string?)"/> renders a tensor.</summary>
public enum TensorStringStyle
{
    /// <summary>Shape, element type and device only.</summary>
    Metadata,
    /// <summary>Values, Julia-like (rendered here like <see cref="Numpy"/>).</summary>
    Julia,
    /// <summary>Values, NumPy-like: <c>[[1, 2], [3, 4]]</c>.</summary>
    Numpy,
    /// <summary>Values, C#-like (rendered here like <see cref="Numpy"/>).</summary>
    CSharp,
    /// <summary>The default style (<see cref="Numpy"/> here).</summary>
    Default,
}
