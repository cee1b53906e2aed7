namespace TorchSharp;

public static partial class torch
{
    // Arithmetic operators, as TorchSharp defines them: each returns a new tensor.
    public partial class Tensor
    {
        /// <summary>Element-wise sum.</summary>
        public static Tensor operator +(Tensor left, Tensor right) => left.add(right);
        /// <summary>Adds a scalar to every element.</summary>
        public static Tensor operator +(Tensor left, Scalar right) => left.add(right);
        /// <summary>Adds a scalar to every element.</summary>
        public static Tensor operator +(Scalar left, Tensor right) => right.add(left);
        /// <summary>Adds a number to every element.</summary>
        public static Tensor operator +(Tensor left, int right) => left.add(right);
        /// <summary>Adds a number to every element.</summary>
        public static Tensor operator +(Tensor left, long right) => left.add(right);
        /// <summary>Adds a number to every element.</summary>
        public static Tensor operator +(Tensor left, float right) => left.add(right);
        /// <summary>Adds a number to every element.</summary>
        public static Tensor operator +(Tensor left, double right) => left.add(right);
        /// <summary>Adds a number to every element.</summary>
        public static Tensor operator +(int left, Tensor right) => right.add(left);
        /// <summary>Adds a number to every element.</summary>
        public static Tensor operator +(long left, Tensor right) => right.add(left);
        /// <summary>Adds a number to every element.</summary>
        public static Tensor operator +(float left, Tensor right) => right.add(left);
        /// <summary>Adds a number to every element.</summary>
        public static Tensor operator +(double left, Tensor right) => right.add(left);

        /// <summary>Element-wise product.</summary>
        public static Tensor operator *(Tensor left, Tensor right) => left.mul(right);
        /// <summary>Multiplies every element by a scalar.</summary>
        public static Tensor operator *(Tensor left, Scalar right) => left.mul(right);
        /// <summary>Multiplies every element by a scalar.</summary>
        public static Tensor operator *(Scalar left, Tensor right) => right.mul(left);
        /// <summary>Multiplies every element by a number.</summary>
        public static Tensor operator *(Tensor left, int right) => left.mul(right);
        /// <summary>Multiplies every element by a number.</summary>
        public static Tensor operator *(Tensor left, long right) => left.mul(right);
        /// <summary>Multiplies every element by a number.</summary>
        public static Tensor operator *(Tensor left, float right) => left.mul(right);
        /// <summary>Multiplies every element by a number.</summary>
        public static Tensor operator *(Tensor left, double right) => left.mul(right);
        /// <summary>Multiplies every element by a number.</summary>
        public static Tensor operator *(int left, Tensor right) => right.mul(left);
        /// <summary>Multiplies every element by a number.</summary>
        public static Tensor operator *(long left, Tensor right) => right.mul(left);
        /// <summary>Multiplies every element by a number.</summary>
        public static Tensor operator *(float left, Tensor right) => right.mul(left);
        /// <summary>Multiplies every element by a number.</summary>
        public static Tensor operator *(double left, Tensor right) => right.mul(left);

        /// <summary>Element-wise difference.</summary>
        public static Tensor operator -(Tensor left, Tensor right) => left.sub(right);
        /// <summary>Subtracts a scalar from every element.</summary>
        public static Tensor operator -(Tensor left, Scalar right) => left.sub(right);
        /// <summary>Subtracts every element from a scalar.</summary>
        public static Tensor operator -(Scalar left, Tensor right) => ScalarMinus(left, right);
        /// <summary>Subtracts a number from every element.</summary>
        public static Tensor operator -(Tensor left, int right) => left.sub(right);
        /// <summary>Subtracts a number from every element.</summary>
        public static Tensor operator -(Tensor left, long right) => left.sub(right);
        /// <summary>Subtracts a number from every element.</summary>
        public static Tensor operator -(Tensor left, float right) => left.sub(right);
        /// <summary>Subtracts a number from every element.</summary>
        public static Tensor operator -(Tensor left, double right) => left.sub(right);
        /// <summary>Subtracts every element from a number.</summary>
        public static Tensor operator -(int left, Tensor right) => ScalarMinus(left, right);
        /// <summary>Subtracts every element from a number.</summary>
        public static Tensor operator -(long left, Tensor right) => ScalarMinus(left, right);
        /// <summary>Subtracts every element from a number.</summary>
        public static Tensor operator -(float left, Tensor right) => ScalarMinus(left, right);
        /// <summary>Subtracts every element from a number.</summary>
        public static Tensor operator -(double left, Tensor right) => ScalarMinus(left, right);

        /// <summary>Element-wise negation.</summary>
        public static Tensor operator -(Tensor tensor) => tensor.neg();

        /// <summary>Element-wise quotient.</summary>
        public static Tensor operator /(Tensor left, Tensor right) => left.div(right);
        /// <summary>Divides every element by a scalar.</summary>
        public static Tensor operator /(Tensor left, Scalar right) => left.div(right);
        /// <summary>Divides a scalar by every element.</summary>
        public static Tensor operator /(Scalar left, Tensor right) => ScalarOver(left, right);
        /// <summary>Divides every element by a number.</summary>
        public static Tensor operator /(Tensor left, int right) => left.div(right);
        /// <summary>Divides every element by a number.</summary>
        public static Tensor operator /(Tensor left, long right) => left.div(right);
        /// <summary>Divides every element by a number.</summary>
        public static Tensor operator /(Tensor left, float right) => left.div(right);
        /// <summary>Divides every element by a number.</summary>
        public static Tensor operator /(Tensor left, double right) => left.div(right);
        /// <summary>Divides a number by every element.</summary>
        public static Tensor operator /(int left, Tensor right) => ScalarOver(left, right);
        /// <summary>Divides a number by every element.</summary>
        public static Tensor operator /(long left, Tensor right) => ScalarOver(left, right);
        /// <summary>Divides a number by every element.</summary>
        public static Tensor operator /(float left, Tensor right) => ScalarOver(left, right);
        /// <summary>Divides a number by every element.</summary>
        public static Tensor operator /(double left, Tensor right) => ScalarOver(left, right);

        private static Tensor ScalarMinus(Scalar left, Tensor right)
        {
            ArgumentNullException.ThrowIfNull(right);
            return Aten.rsub_Scalar.Args().Tensor(right).Scalar(left).Call();
        }

        private static Tensor ScalarOver(Scalar left, Tensor right)
        {
            ArgumentNullException.ThrowIfNull(right);
            using var inverse = right.reciprocal();
            return inverse.mul(left);
        }
    }
}
