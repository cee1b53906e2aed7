using FasterSharp.Learning;

namespace FasterSharp.Tests.Learning;

/// <summary>Runs an action at the first occurrence of one event ("BeforeBatch" for training batches,
/// "BeforeBatch(valid)" for validation batches).</summary>
internal sealed class EventHook(string when, Action<Learner> action) : Callback
{
    private bool _done;

    public static readonly string[] Events =
    [
        "BeforeFit", "BeforeEpoch", "BeforeTrain", "BeforeBatch", "AfterPred", "AfterLoss", "BeforeBackward", "BeforeStep",
        "AfterStep", "AfterBatch", "AfterTrain", "BeforeValidate", "BeforeBatch(valid)", "AfterBatch(valid)", "AfterValidate", "AfterEpoch", "AfterFit",
    ];

    private void On(string evt)
    {
        if (evt != when || _done) return;
        _done = true;
        action(Learn);
    }

    public override void BeforeFit() => On("BeforeFit");
    public override void BeforeEpoch() => On("BeforeEpoch");
    public override void BeforeTrain() => On("BeforeTrain");
    public override void BeforeBatch() => On(Learn.Training ? "BeforeBatch" : "BeforeBatch(valid)");
    public override void AfterPred() => On("AfterPred");
    public override void AfterLoss() => On("AfterLoss");
    public override void BeforeBackward() => On("BeforeBackward");
    public override void BeforeStep() => On("BeforeStep");
    public override void AfterStep() => On("AfterStep");
    public override void AfterBatch() => On(Learn.Training ? "AfterBatch" : "AfterBatch(valid)");
    public override void AfterTrain() => On("AfterTrain");
    public override void BeforeValidate() => On("BeforeValidate");
    public override void AfterValidate() => On("AfterValidate");
    public override void AfterEpoch() => On("AfterEpoch");
    public override void AfterFit() => On("AfterFit");
}

/// <summary>Records, per epoch, how many training and validation batches ran, and whether Training matched the phase.</summary>
internal sealed class PhaseWatch : Callback
{
    private bool _inTrain, _inValid;
    public override int Order => 100;
    public Dictionary<int, int> TrainBatches { get; } = [];
    public Dictionary<int, int> ValidBatches { get; } = [];
    public int EpochsStarted { get; private set; }
    public List<string> Problems { get; } = [];

    public override void BeforeEpoch() => EpochsStarted++;
    public override void BeforeTrain() => (_inTrain, _inValid) = (true, false);
    public override void AfterTrain() => _inTrain = false;
    public override void BeforeValidate() => (_inTrain, _inValid) = (false, true);
    public override void AfterValidate() => _inValid = false;

    public override void AfterBatch()
    {
        if (_inTrain && !Learn.Training) Problems.Add($"Training false in a training batch of epoch {Learn.Epoch}");
        if (_inValid && Learn.Training) Problems.Add($"Training true in a validation batch of epoch {Learn.Epoch}");
        var counts = Learn.Training ? TrainBatches : ValidBatches;
        counts[Learn.Epoch] = counts.GetValueOrDefault(Learn.Epoch) + 1;
    }
}
