using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TorchSharp.Native;

/// <summary>The argument list of one operator call, encoded the way the shim decodes it
/// (native/src/dispatch.cpp). Instances are pooled per thread and nest, so an argument expression may
/// itself call operators.</summary>
internal sealed unsafe class OpArgs
{
    private enum Kind
    {
        None = 0, Tensor = 1, Int = 2, Double = 3, Bool = 4, IntList = 5, TensorList = 6, ScalarInt = 7,
        ScalarDouble = 8, ScalarBool = 9, DoubleList = 10, String = 11, OptTensorList = 12, Device = 13,
    }

    private const int MaxResults = 16;

    private const int MaxResultHandles = 65536;

    [ThreadStatic] private static Stack<OpArgs>? _pool;
    [ThreadStatic] private static IntPtr[]? _resultHandles;

    private Op _op = null!;
    private readonly List<int> _kinds = new(8);
    private readonly List<long> _ints = new(16);
    private readonly List<double> _doubles = new(4);
    private readonly List<IntPtr> _ptrs = new(8);
    private readonly List<object> _keepAlive = new(8);
    private readonly List<GCHandle> _pinned = new(1);

    internal static OpArgs Rent(Op op)
    {
        _pool ??= new Stack<OpArgs>();
        var args = _pool.Count > 0 ? _pool.Pop() : new OpArgs();
        args._op = op;
        return args;
    }

    private void Return()
    {
        _kinds.Clear();
        _ints.Clear();
        _doubles.Clear();
        _ptrs.Clear();
        _keepAlive.Clear();
        foreach (var h in _pinned) h.Free();
        _pinned.Clear();
        _pool!.Push(this);
    }

    internal OpArgs None() { _kinds.Add((int)Kind.None); return this; }

    internal OpArgs Tensor(Tensor t)
    {
        if (t is null)
        {
            Return();
            throw new ArgumentNullException(nameof(t), $"{_op} needs a tensor argument, got null");
        }
        _kinds.Add((int)Kind.Tensor);
        _ptrs.Add(t.Handle);
        _keepAlive.Add(t);
        return this;
    }

    /// <summary>An optional tensor: None when null.</summary>
    internal OpArgs OptionalTensor(Tensor? t) => t is null ? None() : Tensor(t);

    internal OpArgs Int(long v) { _kinds.Add((int)Kind.Int); _ints.Add(v); return this; }

    internal OpArgs OptionalInt(long? v) => v.HasValue ? Int(v.Value) : None();

    internal OpArgs Double(double v) { _kinds.Add((int)Kind.Double); _doubles.Add(v); return this; }

    internal OpArgs OptionalDouble(double? v) => v.HasValue ? Double(v.Value) : None();

    internal OpArgs Bool(bool v) { _kinds.Add((int)Kind.Bool); _ints.Add(v ? 1 : 0); return this; }

    internal OpArgs OptionalBool(bool? v) => v.HasValue ? Bool(v.Value) : None();

    internal OpArgs Ints(ReadOnlySpan<long> values)
    {
        _kinds.Add((int)Kind.IntList);
        _ints.Add(values.Length);
        foreach (var v in values) _ints.Add(v);
        return this;
    }

    internal OpArgs OptionalInts(long[]? values) => values is null ? None() : Ints(values);

    internal OpArgs Doubles(ReadOnlySpan<double> values)
    {
        _kinds.Add((int)Kind.DoubleList);
        _ints.Add(values.Length);
        foreach (var v in values) _doubles.Add(v);
        return this;
    }

    internal OpArgs Tensors(IReadOnlyList<Tensor> tensors)
    {
        _kinds.Add((int)Kind.TensorList);
        _ints.Add(tensors.Count);
        foreach (var t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(tensors));
            _ptrs.Add(t.Handle);
            _keepAlive.Add(t);
        }
        return this;
    }

    /// <summary>A list of optional tensors (as <c>Tensor?[]</c> in a schema, e.g. advanced indexing).</summary>
    internal OpArgs OptionalTensors(IReadOnlyList<Tensor?> tensors)
    {
        _kinds.Add((int)Kind.OptTensorList);
        _ints.Add(tensors.Count);
        foreach (var t in tensors)
        {
            _ptrs.Add(t is null ? IntPtr.Zero : t.Handle);
            if (t is not null) _keepAlive.Add(t);
        }
        return this;
    }

    internal OpArgs Scalar(Scalar s)
    {
        switch (s.Kind)
        {
            case ScalarKind.Integer: _kinds.Add((int)Kind.ScalarInt); _ints.Add(s.LongValue); break;
            case ScalarKind.Boolean: _kinds.Add((int)Kind.ScalarBool); _ints.Add(s.LongValue); break;
            default: _kinds.Add((int)Kind.ScalarDouble); _doubles.Add(s.DoubleValue); break;
        }
        return this;
    }

    internal OpArgs OptionalScalar(Scalar? s) => s.HasValue ? Scalar(s.Value) : None();

    internal OpArgs ScalarType(ScalarType? dtype) => dtype.HasValue ? Int((long)dtype.Value) : None();

    internal OpArgs Device(Device? device)
    {
        if (device is null) return None();
        _kinds.Add((int)Kind.Device);
        _ints.Add((long)device.type);
        _ints.Add(device.index);
        return this;
    }

    internal OpArgs String(string s)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(s + "\0");
        var handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        _pinned.Add(handle);
        _kinds.Add((int)Kind.String);
        _ptrs.Add(handle.AddrOfPinnedObject());
        return this;
    }

    /// <summary>Calls the operator and returns its single tensor result.</summary>
    internal Tensor Call()
    {
        var results = Invoke();
        return results.Count == 1 && results[0] is Tensor t
            ? t
            : throw new InvalidOperationException($"{_op} returned {results.Count} results, expected one tensor");
    }

    /// <summary>Calls an in-place operator and returns <paramref name="self"/> (the handle the operator
    /// returns aliases it and is released).</summary>
    internal Tensor CallInPlace(Tensor self)
    {
        foreach (var r in Invoke()) (r as Tensor)?.Dispose();
        return self;
    }

    /// <summary>Calls an operator that returns two tensors.</summary>
    internal (Tensor, Tensor) Call2()
    {
        var r = Invoke();
        return r.Count == 2 && r[0] is Tensor a && r[1] is Tensor b
            ? (a, b)
            : throw new InvalidOperationException($"{_op} returned {r.Count} results, expected two tensors");
    }

    /// <summary>Calls an operator that returns three tensors.</summary>
    internal (Tensor, Tensor, Tensor) Call3()
    {
        var r = Invoke();
        return r.Count == 3 && r[0] is Tensor a && r[1] is Tensor b && r[2] is Tensor c
            ? (a, b, c)
            : throw new InvalidOperationException($"{_op} returned {r.Count} results, expected three tensors");
    }

    /// <summary>Calls an operator that returns a list of tensors.</summary>
    internal Tensor[] CallList()
    {
        var r = Invoke();
        return r.Count == 1 && r[0] is Tensor[] list
            ? list
            : throw new InvalidOperationException($"{_op} returned {r.Count} results, expected a tensor list");
    }

    /// <summary>Calls an operator that returns one number (int, float or bool).</summary>
    internal Scalar CallScalar()
    {
        var r = Invoke();
        return r.Count == 1 && r[0] is Scalar s
            ? s
            : throw new InvalidOperationException($"{_op} returned {r.Count} results, expected a number");
    }

    /// <summary>Calls an operator for its side effects, releasing whatever it returns.</summary>
    internal void CallVoid()
    {
        foreach (var r in Invoke())
        {
            if (r is Tensor t) t.Dispose();
            else if (r is Tensor[] list) foreach (var x in list) x.Dispose();
        }
    }

    /// <summary>Runs the call. Results are Tensor (or null for an undefined tensor), Tensor[], Scalar or null (None).</summary>
    private List<object?> Invoke()
    {
        try
        {
            var kinds = CollectionsMarshal.AsSpan(_kinds);
            var ints = CollectionsMarshal.AsSpan(_ints);
            var doubles = CollectionsMarshal.AsSpan(_doubles);
            var ptrs = CollectionsMarshal.AsSpan(_ptrs);
            int* outKinds = stackalloc int[MaxResults];
            long* outInts = stackalloc long[MaxResults];
            double* outDoubles = stackalloc double[MaxResults];
            // One buffer per thread is enough: the native call never calls back into managed code.
            var outPtrs = _resultHandles ??= new IntPtr[MaxResultHandles];
            const int maxPtrs = MaxResultHandles;
            int n;
            fixed (int* k = kinds)
            fixed (long* i = ints)
            fixed (double* d = doubles)
            fixed (IntPtr* p = ptrs)
            fixed (IntPtr* op = outPtrs)
            {
                n = NativeMethods.ts_op_call(_op.Handle, kinds.Length, k, i, d, p, MaxResults, outKinds, outInts,
                    outDoubles, maxPtrs, op);
            }
            if (n < 0) NativeError.Check();
            var results = new List<object?>(n);
            var next = 0;
            for (var r = 0; r < n; r++)
            {
                switch ((Kind)outKinds[r])
                {
                    case Kind.Tensor:
                        var h = outPtrs[next++];
                        results.Add(h == IntPtr.Zero ? null : new Tensor(h));
                        break;
                    case Kind.TensorList:
                        var list = new Tensor[outInts[r]];
                        for (var j = 0; j < list.Length; j++) list[j] = new Tensor(outPtrs[next++]);
                        results.Add(list);
                        break;
                    case Kind.Int: results.Add(new Scalar(outInts[r])); break;
                    case Kind.Double: results.Add(new Scalar(outDoubles[r])); break;
                    case Kind.Bool: results.Add(new Scalar(outInts[r] != 0)); break;
                    default: results.Add(null); break;
                }
            }
            return results;
        }
        finally
        {
            Return();
        }
    }
}
