namespace FasterSharp.Figures;

/// <summary>How a figure shows one trace in the legend when several traces share a name: the first keeps its
/// entry, the others are hidden from the legend, all join one legend group (clicking the entry toggles them all)
/// and take the first one's color unless they have their own.</summary>
/// <param name="ShowLegend">False for a later trace of a shared name; null leaves the trace's own setting or
/// Plotly's default.</param>
/// <param name="Group">The legend group (the shared name); null when the name is not shared.</param>
/// <param name="Color">The color of the first trace of the shared name, for traces without a color of their own;
/// null for Plotly's color cycle.</param>
internal readonly record struct LegendEntry(bool? ShowLegend, string? Group, string? Color)
{
    /// <summary>A trace whose name no other trace shares: written as it is.</summary>
    public static LegendEntry Alone => default;
}
