namespace FasterSharp.Figures;

/// <summary>The dash pattern of a line (Plotly's <c>line.dash</c>).</summary>
public enum LineDash
{
    /// <summary>A solid line (<c>"solid"</c>).</summary>
    Solid,
    /// <summary>Dashes (<c>"dash"</c>).</summary>
    Dash,
    /// <summary>Dots (<c>"dot"</c>).</summary>
    Dot,
    /// <summary>Dashes and dots (<c>"dashdot"</c>).</summary>
    DashDot,
}
