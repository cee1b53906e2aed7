namespace FasterSharp.Teaching.Exercises;

/// <summary>The exercises of tutorial 07 (int8 quantization): the zero point of an affine uint8 range, the uint8 code of
/// a float in that range, and the bytes of a Linear layer's int8 weights with their per-channel scales.</summary>
internal sealed class Tutorial07 : ExerciseSet
{
    /// <summary>The observed activation range of 07.1 and 07.2, quantized to uint8 [0, 255] (affine).</summary>
    internal const float RangeMin = -1f, RangeMax = 3f;

    /// <summary>scale = (3 − (−1)) / 255; zero point = 0 − round(−1 / scale) = round(63.75) = 64.</summary>
    internal const int ZeroPoint = 64;

    /// <summary>The float of 07.2.</summary>
    internal const float Value = 0.5f;

    /// <summary>round(0.5 / scale) + zero point = round(31.875) + 64 = 96.</summary>
    internal const int Code = 96;

    /// <summary>The Linear layer of 07.3: 1152 → 512.</summary>
    internal const int In = 1152, Out = 512;

    /// <summary>One byte per int8 weight plus one float32 scale (4 bytes) per output channel.</summary>
    internal const long Int8Bytes = (long)In * Out + 4L * Out;

    /// <inheritdoc />
    public override IEnumerable<ExerciseDefinition> Exercises =>
    [
        new("07.1",
            $"An activation is observed in the range [{RangeMin}, {RangeMax}] and quantized to uint8 [0, 255], affine (as the " +
            "library's default activation scheme). What is its zero point?",
            ZeroPointCheck),
        new("07.2",
            $"With that scale and zero point, which uint8 code stores the float {Value}?",
            CodeCheck),
        new("07.3",
            $"A Linear {In} → {Out} layer's weights are stored as int8, per output channel, each channel with one float32 scale " +
            "(ignore the zero points and the bias). How many bytes do the weights and their scales take?",
            BytesCheck),
    ];

    private static AnswerCheck ZeroPointCheck(object answer)
    {
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (value == 0) return AnswerCheck.NotYet("a zero point of 0 is the symmetric int8 scheme; in uint8 [0, 255] the float 0 must sit above code 0 " +
                                                      "because the range reaches below zero.");
            if (value == ZeroPoint - 1) return AnswerCheck.NotYet("close: the zero point is rounded to the nearest integer, not truncated.");
            if (value is 127 or 128) return AnswerCheck.NotYet("the middle of [0, 255] would suit a range symmetric about 0; this one is not.");
        }

        return Answers.Number(answer, ZeroPoint, 0.01,
            "the scale spreads the range over 255 steps, scale = (max − min) / 255, and the zero point is the code that stores the float 0: " +
            "0 − round(min / scale), so that 0 is represented exactly (padding and ReLU produce many zeros).",
            "Compute scale = (max − min) / 255 first, then the code of the float 0: qmin − round(min / scale).");
    }

    private static AnswerCheck CodeCheck(object answer)
    {
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (value == Code - ZeroPoint) return AnswerCheck.NotYet("that is round(x / scale) alone; the stored code adds the zero point.");
            if (value == Code - 1) return AnswerCheck.NotYet("close: quantization rounds x / scale to the nearest integer, it does not truncate.");
        }

        return Answers.Number(answer, Code, 0.01,
            "q = clamp(round(x / scale) + zero point, 0, 255); dequantizing, (q − zero point) · scale, gives back x up to half a step.",
            "Use q = round(x / scale) + zero point, with the scale and zero point of 07.1.");
    }

    private static AnswerCheck BytesCheck(object answer)
    {
        if (Exercise.AsNumber(answer) is { } value)
        {
            if (value == (long)In * Out) return AnswerCheck.NotYet("that counts the int8 weights; each output channel also stores its float32 scale.");
            if (value == 4L * In * Out) return AnswerCheck.NotYet("that is the float32 layer: four bytes per weight.");
            if (value == (long)In * Out + Out) return AnswerCheck.NotYet("a float32 scale takes four bytes, not one.");
        }

        return Answers.Number(answer, Int8Bytes, 0.5,
            "one byte per weight plus four bytes per output channel for its scale: nearly a quarter of the float32 layer, because the " +
            "per-channel scales are few next to the weights.",
            "Count one byte per weight, then add one float32 scale per output channel.");
    }
}
