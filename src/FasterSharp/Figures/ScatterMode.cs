namespace FasterSharp.Figures;

/// <summary>How a scatter trace draws its points (Plotly's <c>mode</c>).</summary>
public enum ScatterMode
{
    /// <summary>Connected lines (<c>"lines"</c>).</summary>
    Lines,
    /// <summary>Points only (<c>"markers"</c>).</summary>
    Markers,
    /// <summary>Lines with a marker at every point (<c>"lines+markers"</c>).</summary>
    LinesAndMarkers,
}
