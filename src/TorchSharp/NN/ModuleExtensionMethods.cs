namespace TorchSharp;

using static TorchSharp.torch;

/// <summary>Conversions of modules (element type, device), as TorchSharp offers them. They convert the
/// parameters and buffers in place and return the module itself, so the result can be chained.</summary>
public static class ModuleExtensionMethods
{
    /// <summary>Converts the floating-point parameters and buffers to <paramref name="type"/> (integer buffers
    /// such as <c>num_batches_tracked</c> keep their type).</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is not a floating-point type.</exception>
    public static T to<T>(this T module, ScalarType type, bool non_blocking = false) where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(module);
        module.ConvertInPlace(type, null);
        return module;
    }

    /// <summary>Moves the parameters and buffers to <paramref name="device"/>.</summary>
    public static T to<T>(this T module, Device device, bool non_blocking = false) where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(device);
        module.ConvertInPlace(null, device);
        return module;
    }

    /// <summary>Moves the parameters and buffers to <paramref name="device"/> and converts the floating-point
    /// ones to <paramref name="type"/>.</summary>
    public static T to<T>(this T module, Device device, ScalarType type, bool non_blocking = false) where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(device);
        module.ConvertInPlace(type, device);
        return module;
    }

    /// <summary>Moves the parameters and buffers to the device described by <paramref name="device"/> ("cpu", "cuda:0").</summary>
    public static T to<T>(this T module, string device, bool non_blocking = false) where T : nn.Module =>
        module.to(new Device(device), non_blocking);

    /// <summary>Moves the parameters and buffers to the CPU.</summary>
    public static T cpu<T>(this T module, bool non_blocking = false) where T : nn.Module => module.to(CPU, non_blocking);

    /// <summary>Converts the floating-point parameters and buffers to float32.</summary>
    public static T @float<T>(this T module, bool non_blocking = false) where T : nn.Module => module.to(ScalarType.Float32, non_blocking);

    /// <summary>Converts the floating-point parameters and buffers to float64.</summary>
    public static T @double<T>(this T module, bool non_blocking = false) where T : nn.Module => module.to(ScalarType.Float64, non_blocking);
}
