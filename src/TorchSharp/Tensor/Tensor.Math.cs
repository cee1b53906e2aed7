using TorchSharp.Native;

namespace TorchSharp;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Element-wise sum <c>this + target</c> (broadcasting).</summary>
        public Tensor add(Tensor target) => Aten.add_Tensor.Args().Tensor(this).Tensor(target).Call();

        /// <summary>Element-wise <c>this + alpha * target</c> (broadcasting).</summary>
        public Tensor add(Tensor target, Scalar alpha) => Aten.add_Tensor.Args().Tensor(this).Tensor(target).Scalar(alpha).Call();

        /// <summary>Adds <paramref name="scalar"/> to every element.</summary>
        public Tensor add(Scalar scalar) => Aten.add_Scalar.Args().Tensor(this).Scalar(scalar).Call();

        /// <summary>Adds <c>alpha * scalar</c> to every element.</summary>
        public Tensor add(Scalar scalar, Scalar alpha) => Aten.add_Scalar.Args().Tensor(this).Scalar(scalar).Scalar(alpha).Call();

        /// <summary>In place: <c>this += target</c>. Returns this tensor.</summary>
        public Tensor add_(Tensor target) => Aten.add__Tensor.Args().Tensor(this).Tensor(target).CallInPlace(this);

        /// <summary>In place: <c>this += alpha * target</c>. Returns this tensor.</summary>
        public Tensor add_(Tensor target, Scalar alpha) => Aten.add__Tensor.Args().Tensor(this).Tensor(target).Scalar(alpha).CallInPlace(this);

        /// <summary>In place: adds <paramref name="scalar"/> to every element. Returns this tensor.</summary>
        public Tensor add_(Scalar scalar) => Aten.add__Scalar.Args().Tensor(this).Scalar(scalar).CallInPlace(this);

        /// <summary>In place: adds <c>alpha * scalar</c> to every element. Returns this tensor.</summary>
        public Tensor add_(Scalar scalar, Scalar alpha) => Aten.add__Scalar.Args().Tensor(this).Scalar(scalar).Scalar(alpha).CallInPlace(this);

        /// <summary>Element-wise difference <c>this - target</c> (broadcasting).</summary>
        public Tensor sub(Tensor target) => Aten.sub_Tensor.Args().Tensor(this).Tensor(target).Call();

        /// <summary>Subtracts <paramref name="target"/> from every element.</summary>
        public Tensor sub(Scalar target) => Aten.sub_Scalar.Args().Tensor(this).Scalar(target).Call();

        /// <summary>In place: <c>this -= target</c>. Returns this tensor.</summary>
        public Tensor sub_(Tensor target) => Aten.sub__Tensor.Args().Tensor(this).Tensor(target).CallInPlace(this);

        /// <summary>In place: subtracts <paramref name="target"/> from every element. Returns this tensor.</summary>
        public Tensor sub_(Scalar target) => Aten.sub__Scalar.Args().Tensor(this).Scalar(target).CallInPlace(this);

        /// <summary>Same as <see cref="sub(Tensor)"/>.</summary>
        public Tensor subtract(Tensor target) => sub(target);

        /// <summary>Same as <see cref="sub(Scalar)"/>.</summary>
        public Tensor subtract(Scalar target) => sub(target);

        /// <summary>Element-wise product (broadcasting).</summary>
        public Tensor mul(Tensor target) => Aten.mul_Tensor.Args().Tensor(this).Tensor(target).Call();

        /// <summary>Multiplies every element by <paramref name="target"/>.</summary>
        public Tensor mul(Scalar target) => Aten.mul_Scalar.Args().Tensor(this).Scalar(target).Call();

        /// <summary>In place: <c>this *= target</c>. Returns this tensor.</summary>
        public Tensor mul_(Tensor target) => Aten.mul__Tensor.Args().Tensor(this).Tensor(target).CallInPlace(this);

        /// <summary>In place: multiplies every element by <paramref name="target"/>. Returns this tensor.</summary>
        public Tensor mul_(Scalar target) => Aten.mul__Scalar.Args().Tensor(this).Scalar(target).CallInPlace(this);

        /// <summary>Same as <see cref="mul(Tensor)"/>.</summary>
        public Tensor multiply(Tensor target) => mul(target);

        /// <summary>Same as <see cref="mul(Scalar)"/>.</summary>
        public Tensor multiply(Scalar target) => mul(target);

        /// <summary>Element-wise quotient <c>this / target</c> (broadcasting); integer inputs give a float result
        /// unless <paramref name="rounding_mode"/> rounds.</summary>
        public Tensor div(Tensor target, RoundingMode rounding_mode = RoundingMode.None) => rounding_mode == RoundingMode.None
            ? Aten.div_Tensor.Args().Tensor(this).Tensor(target).Call()
            : Aten.div_Tensor_mode.Args().Tensor(this).Tensor(target).String(RoundingName(rounding_mode)).Call();

        /// <summary>Divides every element by <paramref name="target"/>.</summary>
        public Tensor div(Scalar target, RoundingMode rounding_mode = RoundingMode.None) => rounding_mode == RoundingMode.None
            ? Aten.div_Scalar.Args().Tensor(this).Scalar(target).Call()
            : Aten.div_Scalar_mode.Args().Tensor(this).Scalar(target).String(RoundingName(rounding_mode)).Call();

        /// <summary>In place: <c>this /= target</c>. Returns this tensor.</summary>
        public Tensor div_(Tensor target, RoundingMode rounding_mode = RoundingMode.None) => rounding_mode == RoundingMode.None
            ? Aten.div__Tensor.Args().Tensor(this).Tensor(target).CallInPlace(this)
            : Aten.div__Tensor_mode.Args().Tensor(this).Tensor(target).String(RoundingName(rounding_mode)).CallInPlace(this);

        /// <summary>In place: divides every element by <paramref name="target"/>. Returns this tensor.</summary>
        public Tensor div_(Scalar target, RoundingMode rounding_mode = RoundingMode.None) => rounding_mode == RoundingMode.None
            ? Aten.div__Scalar.Args().Tensor(this).Scalar(target).CallInPlace(this)
            : Aten.div__Scalar_mode.Args().Tensor(this).Scalar(target).String(RoundingName(rounding_mode)).CallInPlace(this);

        /// <summary>Same as <see cref="div(Tensor, RoundingMode)"/>.</summary>
        public Tensor divide(Tensor target, RoundingMode rounding_mode = RoundingMode.None) => div(target, rounding_mode);

        /// <summary>Same as <see cref="div(Scalar, RoundingMode)"/>.</summary>
        public Tensor divide(Scalar target, RoundingMode rounding_mode = RoundingMode.None) => div(target, rounding_mode);

        private static string RoundingName(RoundingMode mode) => mode switch
        {
            RoundingMode.trunc => "trunc",
            RoundingMode.floor => "floor",
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "rounding mode must be None, trunc or floor"),
        };

        /// <summary><c>this + value * tensor1 * tensor2</c>, element-wise.</summary>
        public Tensor addcmul(Tensor tensor1, Tensor tensor2, Scalar value) =>
            Aten.addcmul.Args().Tensor(this).Tensor(tensor1).Tensor(tensor2).Scalar(value).Call();

        /// <summary>In place: <c>this += value * tensor1 * tensor2</c>. Returns this tensor.</summary>
        public Tensor addcmul_(Tensor tensor1, Tensor tensor2, Scalar value) =>
            Aten.addcmul_.Args().Tensor(this).Tensor(tensor1).Tensor(tensor2).Scalar(value).CallInPlace(this);

        /// <summary><c>this + value * tensor1 / tensor2</c>, element-wise.</summary>
        public Tensor addcdiv(Tensor tensor1, Tensor tensor2, Scalar value) =>
            Aten.addcdiv.Args().Tensor(this).Tensor(tensor1).Tensor(tensor2).Scalar(value).Call();

        /// <summary><c>this + tensor1 / tensor2</c>, element-wise.</summary>
        public Tensor addcdiv(Tensor tensor1, Tensor tensor2) => addcdiv(tensor1, tensor2, 1);

        /// <summary>In place: <c>this += value * tensor1 / tensor2</c>. Returns this tensor.</summary>
        public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, Scalar value) =>
            Aten.addcdiv_.Args().Tensor(this).Tensor(tensor1).Tensor(tensor2).Scalar(value).CallInPlace(this);

        /// <summary>In place: <c>this += tensor1 / tensor2</c>. Returns this tensor.</summary>
        public Tensor addcdiv_(Tensor tensor1, Tensor tensor2) => addcdiv_(tensor1, tensor2, 1);

        /// <summary>Linear interpolation <c>this + weight * (end - this)</c>.</summary>
        public Tensor lerp(Tensor end, Tensor weight) => Aten.lerp_Tensor.Args().Tensor(this).Tensor(end).Tensor(weight).Call();

        /// <summary>Linear interpolation <c>this + weight * (end - this)</c> with one weight.</summary>
        public Tensor lerp(Tensor end, Scalar weight) => Aten.lerp_Scalar.Args().Tensor(this).Tensor(end).Scalar(weight).Call();

        /// <summary>In place: <c>this += weight * (end - this)</c>. Returns this tensor.</summary>
        public Tensor lerp_(Tensor end, Tensor weight) => Aten.lerp__Tensor.Args().Tensor(this).Tensor(end).Tensor(weight).CallInPlace(this);

        /// <summary>In place: <c>this += weight * (end - this)</c> with one weight. Returns this tensor.</summary>
        public Tensor lerp_(Tensor end, Scalar weight) => Aten.lerp__Scalar.Args().Tensor(this).Tensor(end).Scalar(weight).CallInPlace(this);

        /// <summary>Element-wise power with a tensor of exponents (broadcasting).</summary>
        public Tensor pow(Tensor exponent) => Aten.pow_Tensor_Tensor.Args().Tensor(this).Tensor(exponent).Call();

        /// <summary>Raises every element to <paramref name="exponent"/>.</summary>
        public Tensor pow(Scalar exponent) => Aten.pow_Tensor_Scalar.Args().Tensor(this).Scalar(exponent).Call();

        /// <summary>In place element-wise power. Returns this tensor.</summary>
        public Tensor pow_(Tensor exponent) => Aten.pow__Tensor.Args().Tensor(this).Tensor(exponent).CallInPlace(this);

        /// <summary>In place: raises every element to <paramref name="exponent"/>. Returns this tensor.</summary>
        public Tensor pow_(Scalar exponent) => Aten.pow__Scalar.Args().Tensor(this).Scalar(exponent).CallInPlace(this);

        /// <summary>Element-wise square.</summary>
        public Tensor square() => Aten.square.Args().Tensor(this).Call();

        /// <summary>Element-wise negation.</summary>
        public Tensor neg() => Aten.neg.Args().Tensor(this).Call();

        /// <summary>Same as <see cref="neg"/>.</summary>
        public Tensor negative() => neg();

        /// <summary>In place negation. Returns this tensor.</summary>
        public Tensor neg_() => Aten.neg_.Args().Tensor(this).CallInPlace(this);

        /// <summary>Element-wise square root.</summary>
        public Tensor sqrt() => Aten.sqrt.Args().Tensor(this).Call();

        /// <summary>In place square root. Returns this tensor.</summary>
        public Tensor sqrt_() => Aten.sqrt_.Args().Tensor(this).CallInPlace(this);

        /// <summary>Element-wise reciprocal square root.</summary>
        public Tensor rsqrt() => Aten.rsqrt.Args().Tensor(this).Call();

        /// <summary>Element-wise absolute value.</summary>
        public Tensor abs() => Aten.abs.Args().Tensor(this).Call();

        /// <summary>Same as <see cref="abs"/>.</summary>
        public Tensor absolute() => abs();

        /// <summary>In place absolute value. Returns this tensor.</summary>
        public Tensor abs_() => Aten.abs_.Args().Tensor(this).CallInPlace(this);

        /// <summary>Element-wise e^x.</summary>
        public Tensor exp() => Aten.exp.Args().Tensor(this).Call();

        /// <summary>In place e^x. Returns this tensor.</summary>
        public Tensor exp_() => Aten.exp_.Args().Tensor(this).CallInPlace(this);

        /// <summary>Element-wise natural logarithm.</summary>
        public Tensor log() => Aten.log.Args().Tensor(this).Call();

        /// <summary>In place natural logarithm. Returns this tensor.</summary>
        public Tensor log_() => Aten.log_.Args().Tensor(this).CallInPlace(this);

        /// <summary>Element-wise sign: -1, 0 or 1.</summary>
        public Tensor sign() => Aten.sign.Args().Tensor(this).Call();

        /// <summary>In place sign. Returns this tensor.</summary>
        public Tensor sign_() => Aten.sign_.Args().Tensor(this).CallInPlace(this);

        /// <summary>Element-wise 1/x (integer inputs give a float result).</summary>
        public Tensor reciprocal() => Aten.reciprocal.Args().Tensor(this).Call();

        /// <summary>Clamps every element into [<paramref name="min"/>, <paramref name="max"/>]; a null bound is not applied.</summary>
        /// <exception cref="ArgumentException">Both bounds are null.</exception>
        public Tensor clamp(Scalar? min = null, Scalar? max = null)
        {
            CheckBounds(min.HasValue, max.HasValue);
            return Aten.clamp.Args().Tensor(this).OptionalScalar(min).OptionalScalar(max).Call();
        }

        /// <summary>Clamps element-wise between tensors of bounds (broadcasting); a null bound is not applied.</summary>
        /// <exception cref="ArgumentException">Both bounds are null.</exception>
        public Tensor clamp(Tensor? min = null, Tensor? max = null)
        {
            CheckBounds(min is not null, max is not null);
            return Aten.clamp_Tensor.Args().Tensor(this).OptionalTensor(min).OptionalTensor(max).Call();
        }

        /// <summary>In place <see cref="clamp(Scalar?, Scalar?)"/>. Returns this tensor.</summary>
        /// <exception cref="ArgumentException">Both bounds are null.</exception>
        public Tensor clamp_(Scalar? min = null, Scalar? max = null)
        {
            CheckBounds(min.HasValue, max.HasValue);
            return Aten.clamp_.Args().Tensor(this).OptionalScalar(min).OptionalScalar(max).CallInPlace(this);
        }

        /// <summary>In place <see cref="clamp(Tensor?, Tensor?)"/>. Returns this tensor.</summary>
        /// <exception cref="ArgumentException">Both bounds are null.</exception>
        public Tensor clamp_(Tensor? min = null, Tensor? max = null)
        {
            CheckBounds(min is not null, max is not null);
            return Aten.clamp__Tensor.Args().Tensor(this).OptionalTensor(min).OptionalTensor(max).CallInPlace(this);
        }

        /// <summary>Clamps every element to at most <paramref name="max"/>.</summary>
        public Tensor clamp_max(Scalar max) => clamp(null, max);

        /// <summary>Clamps every element to at least <paramref name="min"/>.</summary>
        public Tensor clamp_min(Scalar min) => clamp(min, null);

        /// <summary>Same as <see cref="clamp(Scalar?, Scalar?)"/>.</summary>
        public Tensor clip(Scalar? min = null, Scalar? max = null) => clamp(min, max);

        private static void CheckBounds(bool hasMin, bool hasMax)
        {
            if (!hasMin && !hasMax) throw new ArgumentException("clamp needs at least one of min and max", "min");
        }

        /// <summary>Element-wise maximum of this tensor and <paramref name="other"/> (broadcasting).</summary>
        public Tensor maximum(Tensor other) => Aten.maximum.Args().Tensor(this).Tensor(other).Call();

        /// <summary>Element-wise minimum of this tensor and <paramref name="other"/> (broadcasting).</summary>
        public Tensor minimum(Tensor other) => Aten.minimum.Args().Tensor(this).Tensor(other).Call();

        /// <summary>A copy where elements whose <paramref name="mask"/> (bool, broadcastable) is true are set to <paramref name="value"/>.</summary>
        public Tensor masked_fill(Tensor mask, Scalar value) =>
            Aten.masked_fill_Scalar.Args().Tensor(this).Tensor(mask).Scalar(value).Call();

        /// <summary>In place: sets elements whose <paramref name="mask"/> is true to <paramref name="value"/>. Returns this tensor.</summary>
        public Tensor masked_fill_(Tensor mask, Scalar value) =>
            Aten.masked_fill__Scalar.Args().Tensor(this).Tensor(mask).Scalar(value).CallInPlace(this);
    }

    /// <summary>Element-wise sum (see <see cref="Tensor.add(Tensor)"/>).</summary>
    public static Tensor add(Tensor left, Tensor right) => left.add(right);

    /// <summary>Element-wise <c>left + alpha * right</c>.</summary>
    public static Tensor add(Tensor left, Tensor right, Scalar alpha) => left.add(right, alpha);

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor add(Tensor left, Scalar right) => left.add(right);

    /// <summary>Element-wise difference.</summary>
    public static Tensor sub(Tensor left, Tensor right) => left.sub(right);

    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor sub(Tensor left, Scalar right) => left.sub(right);

    /// <summary>Element-wise product.</summary>
    public static Tensor mul(Tensor left, Tensor right) => left.mul(right);

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor mul(Tensor left, Scalar right) => left.mul(right);

    /// <summary>Element-wise quotient.</summary>
    public static Tensor div(Tensor left, Tensor right, RoundingMode rounding_mode = RoundingMode.None) => left.div(right, rounding_mode);

    /// <summary>Divides every element by a scalar.</summary>
    public static Tensor div(Tensor left, Scalar right, RoundingMode rounding_mode = RoundingMode.None) => left.div(right, rounding_mode);

    /// <summary><c>input + value * tensor1 * tensor2</c>.</summary>
    public static Tensor addcmul(Tensor input, Tensor tensor1, Tensor tensor2, Scalar value) => input.addcmul(tensor1, tensor2, value);

    /// <summary><c>input + value * tensor1 / tensor2</c>.</summary>
    public static Tensor addcdiv(Tensor input, Tensor tensor1, Tensor tensor2, Scalar value) => input.addcdiv(tensor1, tensor2, value);

    /// <summary>Linear interpolation <c>input + weight * (end - input)</c>.</summary>
    public static Tensor lerp(Tensor input, Tensor end, Tensor weight) => input.lerp(end, weight);

    /// <summary>Element-wise power.</summary>
    public static Tensor pow(Tensor input, Tensor exponent) => input.pow(exponent);

    /// <summary>Raises every element to a scalar power.</summary>
    public static Tensor pow(Tensor input, Scalar exponent) => input.pow(exponent);

    /// <summary>Element-wise square.</summary>
    public static Tensor square(Tensor input) => input.square();

    /// <summary>Element-wise negation.</summary>
    public static Tensor neg(Tensor input) => input.neg();

    /// <summary>Element-wise square root.</summary>
    public static Tensor sqrt(Tensor input) => input.sqrt();

    /// <summary>Element-wise reciprocal square root.</summary>
    public static Tensor rsqrt(Tensor input) => input.rsqrt();

    /// <summary>Element-wise absolute value.</summary>
    public static Tensor abs(Tensor input) => input.abs();

    /// <summary>Element-wise e^x.</summary>
    public static Tensor exp(Tensor input) => input.exp();

    /// <summary>Element-wise natural logarithm.</summary>
    public static Tensor log(Tensor input) => input.log();

    /// <summary>Element-wise sign.</summary>
    public static Tensor sign(Tensor input) => input.sign();

    /// <summary>Element-wise reciprocal.</summary>
    public static Tensor reciprocal(Tensor input) => input.reciprocal();

    /// <summary>Clamps every element into [min, max].</summary>
    public static Tensor clamp(Tensor input, Scalar? min = null, Scalar? max = null) => input.clamp(min, max);

    /// <summary>Clamps element-wise between tensors of bounds.</summary>
    public static Tensor clamp(Tensor input, Tensor? min = null, Tensor? max = null) => input.clamp(min, max);

    /// <summary>Element-wise maximum.</summary>
    public static Tensor maximum(Tensor input, Tensor other) => input.maximum(other);

    /// <summary>Element-wise minimum.</summary>
    public static Tensor minimum(Tensor input, Tensor other) => input.minimum(other);

    /// <summary>A copy with the elements where <paramref name="mask"/> is true set to <paramref name="value"/>.</summary>
    public static Tensor masked_fill(Tensor input, Tensor mask, Scalar value) => input.masked_fill(mask, value);
}
