// LibTorch's random generator, grad mode and the live-tensor count are process-wide: tests that seed,
// time or count would disturb each other if classes ran in parallel. The whole assembly runs serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace FasterSharp.Tests
{
    internal static class ConvolutionGuard
    {
        /// <summary>Caps oneDNN before any test runs a convolution (see <see cref="FasterSharp.Runtime.ConvolutionSafety"/>):
        /// the variable is read once per process, so this cannot wait for a test class's constructor.</summary>
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void Apply() => FasterSharp.Runtime.ConvolutionSafety.Ensure();
    }
}
