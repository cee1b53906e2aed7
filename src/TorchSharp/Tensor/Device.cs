namespace TorchSharp;

/// <summary>Kinds of device, numbered as <c>c10::DeviceType</c>.</summary>
public enum DeviceType
{
    /// <summary>The CPU.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU.</summary>
    CUDA = 1,
}

public static partial class torch
{
    /// <summary>A device: a type and an index (-1 for "the current one").</summary>
    public sealed class Device : IEquatable<Device>
    {
        /// <summary>Creates a device of the given type and index.</summary>
        public Device(DeviceType type, int index = -1)
        {
            if (index < -1) throw new ArgumentOutOfRangeException(nameof(index), index, "a device index is -1 or more");
            this.type = type;
            this.index = index;
        }

        /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
        public Device(string description)
        {
            ArgumentNullException.ThrowIfNull(description);
            var parts = description.Trim().ToLowerInvariant().Split(':');
            type = parts[0] switch
            {
                "cpu" => DeviceType.CPU,
                "cuda" => DeviceType.CUDA,
                _ => throw new ArgumentException($"unknown device '{description}'; expected cpu, cuda or cuda:N", nameof(description)),
            };
            index = parts.Length > 1 && int.TryParse(parts[1], out var i) && i >= 0 ? i
                : parts.Length > 1 ? throw new ArgumentException($"bad device index in '{description}'", nameof(description)) : -1;
        }

        /// <summary>The device type.</summary>
        public DeviceType type { get; }

        /// <summary>The device index, -1 for the current device of that type.</summary>
        public int index { get; }

        /// <inheritdoc />
        public bool Equals(Device? other) => other is not null && other.type == type && other.index == index;

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as Device);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(type, index);

        /// <inheritdoc />
        public override string ToString() => (type == DeviceType.CPU ? "cpu" : "cuda") + (index >= 0 ? $":{index}" : "");

        /// <summary>Parses a device description.</summary>
        public static implicit operator Device(string description) => new(description);
    }

    /// <summary>The CPU device.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>A device from a description such as "cpu".</summary>
    public static Device device(string description) => new(description);
}
