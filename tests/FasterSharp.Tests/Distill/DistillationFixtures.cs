using FasterSharp.Learning;
using FasterSharp.Metrics;
using FasterSharp.Models;
using FasterSharp.Tests.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FasterSharp.Tests.Distill;

/// <summary>Small students and teachers on real Fashion-MNIST subsets, and ways to look at them from outside.</summary>
internal static class DistillationFixtures
{
    /// <summary>A learner of <see cref="SmallCnns.ScaledVggStyle"/> width 0.25 on 128 training and 64 validation images.</summary>
    public static Learner Student(int seed = 42, IEnumerable<Callback>? callbacks = null)
    {
        manual_seed(seed);
        return new Learner(LearnerFixtures.Data(128, 64, 64, seed), SmallCnns.ScaledVggStyle(0.25), metrics: [new Accuracy()],
            callbacks: callbacks, showProgress: false);
    }

    /// <summary>An (untrained) teacher of width 0.5: 16/32/64 channels, same layer names as the student.</summary>
    public static Sequential Teacher(int numClasses = 10, int seed = 7)
    {
        manual_seed(seed);
        return SmallCnns.ScaledVggStyle(0.5, numClasses);
    }

    /// <summary>Throws at a given training batch and event.</summary>
    public sealed class Thrower(int atIteration, Func<Exception> exception) : Callback
    {
        public override void AfterLoss()
        {
            if (Learn.Training && Learn.TrainIteration == atIteration) throw exception();
        }
    }
}
