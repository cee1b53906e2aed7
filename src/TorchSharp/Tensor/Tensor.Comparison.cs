using TorchSharp.Native;

namespace TorchSharp;

public static partial class torch
{
    // Element-wise comparisons. As in TorchSharp, ==, !=, <, <=, >, >= are overloaded and return bool
    // tensors; Equals(Tensor) compares values, while Equals(object) and GetHashCode keep reference identity
    // so that tensors behave in collections (TorchSharp's Equals(object) compares values).
    public partial class Tensor
    {
        /// <summary>Element-wise <c>this == target</c> as a bool tensor (broadcasting).</summary>
        public Tensor eq(Tensor target) => Aten.eq_Tensor.Args().Tensor(this).Tensor(target).Call();
        /// <summary>Element-wise <c>this == target</c> as a bool tensor.</summary>
        public Tensor eq(Scalar target) => Aten.eq_Scalar.Args().Tensor(this).Scalar(target).Call();
        /// <summary>In place: each element becomes 1 where <c>this == target</c>, else 0 (type kept). Returns this tensor.</summary>
        public Tensor eq_(Tensor target) => Aten.eq__Tensor.Args().Tensor(this).Tensor(target).CallInPlace(this);
        /// <summary>In place <see cref="eq(Scalar)"/>. Returns this tensor.</summary>
        public Tensor eq_(Scalar target) => Aten.eq__Scalar.Args().Tensor(this).Scalar(target).CallInPlace(this);

        /// <summary>Element-wise <c>this != target</c> as a bool tensor (broadcasting).</summary>
        public Tensor ne(Tensor target) => Aten.ne_Tensor.Args().Tensor(this).Tensor(target).Call();
        /// <summary>Element-wise <c>this != target</c> as a bool tensor.</summary>
        public Tensor ne(Scalar target) => Aten.ne_Scalar.Args().Tensor(this).Scalar(target).Call();
        /// <summary>In place <see cref="ne(Tensor)"/>. Returns this tensor.</summary>
        public Tensor ne_(Tensor target) => Aten.ne__Tensor.Args().Tensor(this).Tensor(target).CallInPlace(this);
        /// <summary>In place <see cref="ne(Scalar)"/>. Returns this tensor.</summary>
        public Tensor ne_(Scalar target) => Aten.ne__Scalar.Args().Tensor(this).Scalar(target).CallInPlace(this);

        /// <summary>Element-wise <c>this &gt; target</c> as a bool tensor (broadcasting).</summary>
        public Tensor gt(Tensor target) => Aten.gt_Tensor.Args().Tensor(this).Tensor(target).Call();
        /// <summary>Element-wise <c>this &gt; target</c> as a bool tensor.</summary>
        public Tensor gt(Scalar target) => Aten.gt_Scalar.Args().Tensor(this).Scalar(target).Call();
        /// <summary>In place <see cref="gt(Tensor)"/>. Returns this tensor.</summary>
        public Tensor gt_(Tensor target) => Aten.gt__Tensor.Args().Tensor(this).Tensor(target).CallInPlace(this);
        /// <summary>In place <see cref="gt(Scalar)"/>. Returns this tensor.</summary>
        public Tensor gt_(Scalar target) => Aten.gt__Scalar.Args().Tensor(this).Scalar(target).CallInPlace(this);

        /// <summary>Element-wise <c>this &gt;= target</c> as a bool tensor (broadcasting).</summary>
        public Tensor ge(Tensor target) => Aten.ge_Tensor.Args().Tensor(this).Tensor(target).Call();
        /// <summary>Element-wise <c>this &gt;= target</c> as a bool tensor.</summary>
        public Tensor ge(Scalar target) => Aten.ge_Scalar.Args().Tensor(this).Scalar(target).Call();
        /// <summary>In place <see cref="ge(Tensor)"/>. Returns this tensor.</summary>
        public Tensor ge_(Tensor target) => Aten.ge__Tensor.Args().Tensor(this).Tensor(target).CallInPlace(this);
        /// <summary>In place <see cref="ge(Scalar)"/>. Returns this tensor.</summary>
        public Tensor ge_(Scalar target) => Aten.ge__Scalar.Args().Tensor(this).Scalar(target).CallInPlace(this);

        /// <summary>Element-wise <c>this &lt; target</c> as a bool tensor (broadcasting).</summary>
        public Tensor lt(Tensor target) => Aten.lt_Tensor.Args().Tensor(this).Tensor(target).Call();
        /// <summary>Element-wise <c>this &lt; target</c> as a bool tensor.</summary>
        public Tensor lt(Scalar target) => Aten.lt_Scalar.Args().Tensor(this).Scalar(target).Call();
        /// <summary>In place <see cref="lt(Tensor)"/>. Returns this tensor.</summary>
        public Tensor lt_(Tensor target) => Aten.lt__Tensor.Args().Tensor(this).Tensor(target).CallInPlace(this);
        /// <summary>In place <see cref="lt(Scalar)"/>. Returns this tensor.</summary>
        public Tensor lt_(Scalar target) => Aten.lt__Scalar.Args().Tensor(this).Scalar(target).CallInPlace(this);

        /// <summary>Element-wise <c>this &lt;= target</c> as a bool tensor (broadcasting).</summary>
        public Tensor le(Tensor target) => Aten.le_Tensor.Args().Tensor(this).Tensor(target).Call();
        /// <summary>Element-wise <c>this &lt;= target</c> as a bool tensor.</summary>
        public Tensor le(Scalar target) => Aten.le_Scalar.Args().Tensor(this).Scalar(target).Call();
        /// <summary>In place <see cref="le(Tensor)"/>. Returns this tensor.</summary>
        public Tensor le_(Tensor target) => Aten.le__Tensor.Args().Tensor(this).Tensor(target).CallInPlace(this);
        /// <summary>In place <see cref="le(Scalar)"/>. Returns this tensor.</summary>
        public Tensor le_(Scalar target) => Aten.le__Scalar.Args().Tensor(this).Scalar(target).CallInPlace(this);

        /// <summary>True when <paramref name="target"/> has the same shape and the same values (false for null).</summary>
        public bool Equals(Tensor? target) => target is not null && Aten.equal.Args().Tensor(this).Tensor(target).CallScalar().ToBoolean();

        /// <summary>Reference identity (TorchSharp compares values here; see <see cref="Equals(Tensor)"/> for that).</summary>
        public override bool Equals(object? obj) => ReferenceEquals(this, obj);

        /// <summary>A hash of the object's identity.</summary>
        public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

        /// <summary>True when every element satisfies <c>|this - target| &lt;= atol + rtol * |target|</c> (broadcasting).</summary>
        public bool allclose(Tensor target, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false) =>
            Aten.allclose.Args().Tensor(this).Tensor(target).Double(rtol).Double(atol).Bool(equal_nan).CallScalar().ToBoolean();

        /// <summary>Element-wise <c>|this - other| &lt;= atol + rtol * |other|</c> as a bool tensor.</summary>
        public Tensor isclose(Tensor other, double rtol = 1e-05, double atol = 1e-08, bool nanEqual = false) =>
            Aten.isclose.Args().Tensor(this).Tensor(other).Double(rtol).Double(atol).Bool(nanEqual).Call();

        /// <summary>Element-wise test for NaN.</summary>
        public Tensor isnan() => Aten.isnan.Args().Tensor(this).Call();

        /// <summary>Element-wise logical negation (zero becomes true).</summary>
        public Tensor logical_not() => Aten.logical_not.Args().Tensor(this).Call();

        /// <summary>Element-wise equality.</summary>
        public static Tensor operator ==(Tensor left, Tensor right) => left.eq(right);
        /// <summary>Element-wise equality with a scalar.</summary>
        public static Tensor operator ==(Tensor left, Scalar right) => left.eq(right);
        /// <summary>Element-wise equality with a scalar.</summary>
        public static Tensor operator ==(Scalar left, Tensor right) => right.eq(left);
        /// <summary>Element-wise inequality.</summary>
        public static Tensor operator !=(Tensor left, Tensor right) => left.ne(right);
        /// <summary>Element-wise inequality with a scalar.</summary>
        public static Tensor operator !=(Tensor left, Scalar right) => left.ne(right);
        /// <summary>Element-wise inequality with a scalar.</summary>
        public static Tensor operator !=(Scalar left, Tensor right) => right.ne(left);
        /// <summary>Element-wise less-than.</summary>
        public static Tensor operator <(Tensor left, Tensor right) => left.lt(right);
        /// <summary>Element-wise less-than a scalar.</summary>
        public static Tensor operator <(Tensor left, Scalar right) => left.lt(right);
        /// <summary>Element-wise: a scalar less than each element.</summary>
        public static Tensor operator <(Scalar left, Tensor right) => right.gt(left);
        /// <summary>Element-wise less-or-equal.</summary>
        public static Tensor operator <=(Tensor left, Tensor right) => left.le(right);
        /// <summary>Element-wise less-or-equal a scalar.</summary>
        public static Tensor operator <=(Tensor left, Scalar right) => left.le(right);
        /// <summary>Element-wise: a scalar less than or equal to each element.</summary>
        public static Tensor operator <=(Scalar left, Tensor right) => right.ge(left);
        /// <summary>Element-wise greater-than.</summary>
        public static Tensor operator >(Tensor left, Tensor right) => left.gt(right);
        /// <summary>Element-wise greater-than a scalar.</summary>
        public static Tensor operator >(Tensor left, Scalar right) => left.gt(right);
        /// <summary>Element-wise: a scalar greater than each element.</summary>
        public static Tensor operator >(Scalar left, Tensor right) => right.lt(left);
        /// <summary>Element-wise greater-or-equal.</summary>
        public static Tensor operator >=(Tensor left, Tensor right) => left.ge(right);
        /// <summary>Element-wise greater-or-equal a scalar.</summary>
        public static Tensor operator >=(Tensor left, Scalar right) => left.ge(right);
        /// <summary>Element-wise: a scalar greater than or equal to each element.</summary>
        public static Tensor operator >=(Scalar left, Tensor right) => right.le(left);
    }

    /// <summary>Element-wise equality.</summary>
    public static Tensor eq(Tensor left, Tensor right) => left.eq(right);
    /// <summary>Element-wise inequality.</summary>
    public static Tensor ne(Tensor left, Tensor right) => left.ne(right);
    /// <summary>Element-wise greater-than.</summary>
    public static Tensor gt(Tensor left, Tensor right) => left.gt(right);
    /// <summary>Element-wise greater-or-equal.</summary>
    public static Tensor ge(Tensor left, Tensor right) => left.ge(right);
    /// <summary>Element-wise less-than.</summary>
    public static Tensor lt(Tensor left, Tensor right) => left.lt(right);
    /// <summary>Element-wise less-or-equal.</summary>
    public static Tensor le(Tensor left, Tensor right) => left.le(right);
    /// <summary>True when both tensors have the same shape and values.</summary>
    public static bool equal(Tensor tensor, Tensor other) => tensor.Equals(other);
    /// <summary>True when all elements are close (see <see cref="Tensor.allclose"/>).</summary>
    public static bool allclose(Tensor tensor, Tensor other, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false) =>
        tensor.allclose(other, rtol, atol, equal_nan);
    /// <summary>Element-wise closeness as a bool tensor.</summary>
    public static Tensor isclose(Tensor tensor, Tensor other, double rtol = 1e-05, double atol = 1e-08, bool nanEqual = false) =>
        tensor.isclose(other, rtol, atol, nanEqual);
    /// <summary>Element-wise test for NaN.</summary>
    public static Tensor isnan(Tensor input) => input.isnan();
}
