using TransferLab.Validation;

namespace TransferLab.Plotting;

/// <summary>
/// Redraws the figures of an output directory from their plot descriptions (<c>*-plot.json</c> + <c>*-plot.csv</c>,
/// written by every figure's <c>Save</c>) without recomputing anything: the images come out as the run wrote them,
/// since both go through <see cref="PlotFiles.Read"/> and <see cref="PlotRenderer"/> (docs/architecture.md, "Figures
/// from tables").
/// </summary>
public static class PlotDirectory
{
    /// <summary>
    /// The plot description files in <paramref name="directory"/> (not its subdirectories), by name. A directory that does
    /// not exist or holds none is a <see cref="ParameterException"/> for <paramref name="parameter"/>.
    /// </summary>
    public static IReadOnlyList<string> Find(string directory, string parameter = "dir")
    {
        if (File.Exists(directory)) throw new ParameterException(parameter, directory, "is a file; give the directory a figure was written into");
        if (!System.IO.Directory.Exists(directory)) throw new ParameterException(parameter, directory, "no such directory");
        var found = System.IO.Directory.EnumerateFiles(directory, "*" + PlotFiles.JsonSuffix, SearchOption.TopDirectoryOnly)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (found.Count == 0)
            throw new ParameterException(parameter, directory, $"holds no plot descriptions (*{PlotFiles.JsonSuffix}); figures write them next to their images");
        return found;
    }

    /// <summary>
    /// Renders every plot description in <paramref name="directory"/> into <paramref name="outDir"/> as
    /// <c>NAME.png</c> and/or <c>NAME.svg</c>; returns the paths written. A directory that does not exist or holds no
    /// plot description is a <see cref="ParameterException"/> for <paramref name="parameter"/>.
    /// </summary>
    public static IReadOnlyList<string> Redraw(string directory, string outDir, ImageFormats formats, string parameter = "dir")
    {
        var descriptions = Find(directory, parameter);
        // Read everything first: a broken file stops the run before any image is replaced.
        var plots = descriptions.Select(PlotFiles.Read).ToList();
        var written = new List<string>();
        foreach (var plot in plots)
            written.AddRange(PlotRenderer.SaveImages(plot, outDir, formats));
        return written;
    }
}
