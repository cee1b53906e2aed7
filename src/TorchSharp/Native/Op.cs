namespace TorchSharp.Native;

/// <summary>One ATen operator, looked up by schema name and overload the first time it is called.
/// Calls go through the dispatcher, so autograd and <c>no_grad</c> apply as in PyTorch.</summary>
internal sealed class Op
{
    private readonly string _name;
    private readonly string _overload;
    private IntPtr _handle;

    /// <summary>Names an operator, e.g. <c>new Op("aten::add", "Tensor")</c>.</summary>
    internal Op(string name, string overload = "")
    {
        _name = name;
        _overload = overload;
    }

    internal IntPtr Handle
    {
        get
        {
            if (_handle == IntPtr.Zero)
                _handle = NativeError.CheckHandle(NativeMethods.ts_op_find(_name, _overload));
            return _handle;
        }
    }

    /// <summary>Starts an argument list for this operator; finish it with one of the <c>Call…</c> methods.</summary>
    internal OpArgs Args() => OpArgs.Rent(this);

    /// <inheritdoc />
    public override string ToString() => _overload.Length == 0 ? _name : _name + "." + _overload;
}
