// LibTorch's random generator, grad mode and the live-tensor count are process-wide: tests that seed,
// time or count would disturb each other if classes ran in parallel. The whole assembly runs serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace FasterSharp.Tests
{
    internal static class ConvolutionGuard
    {
        /// <summary>What the first <see cref="FasterSharp.Runtime.ConvolutionSafety.Ensure"/> of this process found.</summary>
        internal static FasterSharp.Runtime.ConvolutionCheck? Finding { get; private set; }

        /// <summary>Checks oneDNN's convolutions, and turns oneDNN off where they are wrong, before any test runs one
        /// (see <see cref="FasterSharp.Runtime.ConvolutionSafety"/>): every test must see exact convolutions.</summary>
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void Apply() => Finding = FasterSharp.Runtime.ConvolutionSafety.Ensure();
    }
}
