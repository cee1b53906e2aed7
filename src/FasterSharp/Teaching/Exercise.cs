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
    public static string Question(string id) => Find(Catalog.Value, id).Question;

    /// <summary>Checks <paramref name="answer"/> to exercise <paramref name="id"/>.</summary>
    /// <param name="id">The exercise, "NN.k" as the tutorial names it.</param>
    /// <param name="answer">The reader's answer: a number, a string (a choice), a model… as the exercise asks;
    /// null while unanswered (the verdict then repeats the question).</param>
    /// <returns>The verdict, which a notebook displays as a coloured line.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException">No exercise has this id (the message lists the ids).</exception>
    public static ExerciseVerdict Check(string id, object? answer) => Judge(Find(Catalog.Value, id), answer);

    /// <summary>The verdict on <paramref name="answer"/> to <paramref name="exercise"/>: a missing answer repeats the
    /// question; otherwise the exercise's own check decides.</summary>
    internal static ExerciseVerdict Judge(ExerciseDefinition exercise, object? answer)
    {
        if (answer is null) return new ExerciseVerdict(exercise.Id, false, $"no answer yet. {exercise.Question}");
        var result = exercise.Check(answer);
        return new ExerciseVerdict(exercise.Id, result.IsRight, result.Explanation);
    }

    /// <summary>The exercise <paramref name="id"/> of <paramref name="catalog"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException">No exercise has this id (the message lists the ids).</exception>
    internal static ExerciseDefinition Find(IReadOnlyDictionary<string, ExerciseDefinition> catalog, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (catalog.TryGetValue(id, out var exercise)) return exercise;
        var ids = catalog.Count == 0 ? "none yet" : string.Join(", ", catalog.Keys.Order(StringComparer.Ordinal));
        throw new ArgumentException($"there is no exercise \"{id}\"; the exercises are: {ids}", nameof(id));
    }

    /// <summary>The catalogue of <paramref name="sets"/>' exercises by id.</summary>
    /// <exception cref="InvalidOperationException">An id is not "NN.k", a question is empty, or an id is defined twice.</exception>
    internal static IReadOnlyDictionary<string, ExerciseDefinition> Build(IEnumerable<ExerciseSet> sets)
    {
        var catalog = new Dictionary<string, ExerciseDefinition>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            foreach (var exercise in set.Exercises)
            {
                var where = $"exercise \"{exercise.Id}\" (in {set.GetType().Name})";
                if (exercise.Id is not [>= '0' and <= '9', >= '0' and <= '9', '.', >= '1' and <= '9'])
                    throw new InvalidOperationException($"{where}: an id is \"NN.k\", tutorial NN, exercise k from 1 to 9");
                if (string.IsNullOrWhiteSpace(exercise.Question))
                    throw new InvalidOperationException($"{where} has no question");
                if (!catalog.TryAdd(exercise.Id, exercise))
                    throw new InvalidOperationException($"{where} is defined twice");
            }
        }

        return catalog;
    }

    private static IReadOnlyDictionary<string, ExerciseDefinition> LoadCatalog() => Build(
        typeof(ExerciseSet).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(ExerciseSet)) && !type.IsAbstract)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (ExerciseSet)Activator.CreateInstance(type, nonPublic: true)!));

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
