namespace TransferLab.Plotting;

/// <summary>Which image files a plot is written as.</summary>
[Flags]
public enum ImageFormats
{
    /// <summary>A PNG raster image.</summary>
    Png = 1,

    /// <summary>An SVG vector image.</summary>
    Svg = 2,

    /// <summary>Both.</summary>
    Both = Png | Svg,
}
