using System.Globalization;

namespace FasterSharp.Teaching;

/// <summary>Checks a reader's answer to a tutorial's exercise and says whether it is right and why, without giving the
/// answer away. Every tutorial ends with 2–3 exercises; each has a cell such as
/// <c>Exercise.Check("01.2", myAnswer)</c>. Worked solutions are in <c>notebooks/solutions/</c>.</summary>
public static class Exercise
{
    private static readonly Lazy<IReadOnlyDictionary<string, ExerciseDefinition>> Catalog = new(LoadCatalog);

    /// <summary>The ids of every exercise, in order ("00.1", "00.2", "01.1", …).</summary>
    public static IReadOnlyList<string> Ids => Catalog.Value.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The question of exercise <paramref name="id"/>, as its tutorial asks it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException">No exercise has this id (the message lists the ids).</exception>
    public static string Question(string id) => Find(id).Question;

    /// <summary>Checks <paramref name="answer"/> to exercise <paramref name="id"/>.</summary>
    /// <param name="id">The exercise, "NN.k" as the tutorial names it.</param>
    /// <param name="answer">The reader's answer: a number, a string (a choice), a model… as the exercise asks;
    /// null while unanswered (the verdict then repeats the question).</param>
    /// <returns>The verdict, which a notebook displays as a coloured line.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException">No exercise has this id (the message lists the ids).</exception>
    public static ExerciseVerdict Check(string id, object? answer)
    {
        var exercise = Find(id);
        if (answer is null) return new ExerciseVerdict(exercise.Id, false, $"no answer yet. {exercise.Question}");
        var result = exercise.Check(answer);
        return new ExerciseVerdict(exercise.Id, result.IsRight, result.Explanation);
    }

    private static ExerciseDefinition Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Catalog.Value.TryGetValue(id, out var exercise)
            ? exercise
            : throw new ArgumentException($"there is no exercise \"{id}\"; the exercises are {string.Join(", ", Ids)}", nameof(id));
    }

    private static IReadOnlyDictionary<string, ExerciseDefinition> LoadCatalog()
    {
        var catalog = new Dictionary<string, ExerciseDefinition>(StringComparer.Ordinal);
        var sets = typeof(ExerciseSet).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(ExerciseSet)) && !type.IsAbstract);
        foreach (var type in sets)
        {
            var set = (ExerciseSet)Activator.CreateInstance(type, nonPublic: true)!;
            foreach (var exercise in set.Exercises)
            {
                if (!catalog.TryAdd(exercise.Id, exercise))
                    throw new InvalidOperationException($"exercise {exercise.Id} is defined twice (in {type.Name})");
            }
        }

        return catalog;
    }

    /// <summary>Reads a numeric answer of any numeric type (int, long, float, double, decimal…); null otherwise.</summary>
    internal static double? AsNumber(object answer) => answer switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        short or ushort or uint or ulong or byte or sbyte => ((IConvertible)answer).ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };
}
