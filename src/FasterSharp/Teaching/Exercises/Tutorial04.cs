namespace FasterSharp.Teaching.Exercises;

/// <summary>The exercises of tutorial 04 (filter pruning): a pruned convolution's parameters, its MACs when both
/// neighbouring groups shrink, and which layer's input a removed filter shrinks.</summary>
internal sealed class Tutorial04 : ExerciseSet
{
    /// <summary>A 5×5 convolution reading 40 channels with 70 filters (and biases): 70·40·25 + 70.</summary>
    internal const long PrunedConvParameters = 70 * 40 * 25 + 70;

    /// <summary>conv2 (5×5, 8×8 output) after conv1 keeps 10 filters and conv2 keeps 25: 10·25·25·64.</summary>
    internal const long PrunedConv2Macs = 10 * 25 * 25 * 64;

    /// <inheritdoc />
    public override IEnumerable<ExerciseDefinition> Exercises =>
    [
        new("04.1",
            "After pruning, a 5×5 convolution with biases reads 40 input channels and keeps 70 filters. " +
            "How many parameters does it have?",
            answer => Answers.Number(answer, PrunedConvParameters, 0.5,
                "each filter has one 5×5 kernel per input channel plus one bias, so the count shrinks with the input " +
                "channels (the previous group) and with the filters (this group).",
                "Count one 5×5 kernel per (filter, input channel) pair, then add one bias per filter.")),
        new("04.2",
            "In the tutorial's PruningNet, conv2 is a 5×5 convolution from conv1's 20 channels to 50, with an 8×8 output. " +
            "If the Pruner removed 10 of conv1's filters and 25 of conv2's, how many MACs per sample would conv2 need?",
            answer => Answers.Number(answer, PrunedConv2Macs, 0.5,
                "a convolution's MACs are input channels × filters × kernel area × output positions; halving both neighbouring " +
                "groups quarters them, which is why halving every group of the residual net cuts its MACs to about a quarter.",
                "Multiply the input channels left, the filters left, the kernel's 5×5 and the output's 8×8 positions.")),
        new("04.3",
            "When the Pruner removes filters of PruningNet's conv3, which module's weight loses input columns: " +
            "\"conv2\", \"bn3\", \"fc1\" or \"fc2\"?",
            answer => Answers.Choice(answer, "fc1",
                "after global pooling and the flatten, each of conv3's channels is one input feature of fc1, so fc1's weight " +
                "loses the column of every removed filter; that is why fc1 sits in conv3's dependency group.",
                new Dictionary<string, string>
                {
                    ["conv2"] = "conv2 produces conv3's input; its filters form a group of their own and stay.",
                    ["bn3"] = "bn3 does lose the removed channels, but it has one scale and shift per channel and no input columns.",
                    ["fc2"] = "fc2 reads the 50 outputs of the hidden linear layer, which no filter removal in conv3 touches.",
                })),
    ];
}
