using TransferLab.Numerics;
using TransferLab.Plotting;

namespace TransferLab.Experiments;

/// <summary>
/// What a running <see cref="Figure"/> may use: its size (quick or paper), seed, thread budget,
/// progress counters, and writers that put tables and plots into a staging directory (moved into the
/// output directory only when the whole figure succeeded).
/// </summary>
public sealed class FigureContext
{
    private readonly Dictionary<string, object?> _notes = new();
    private readonly List<string> _files = new();
    private readonly ProgressBoard _board;

    /// <summary>Small, fast size (for CI and the default gallery) instead of the paper's size.</summary>
    public bool Quick { get; }

    /// <summary>Experiment seed; every run's generator is derived from it.</summary>
    public ulong Seed { get; }

    /// <summary>Thread budget for parallel runs.</summary>
    public int Threads { get; }

    /// <summary>Directory the figure writes into (a staging directory).</summary>
    public string Directory { get; }

    /// <summary>
    /// Directory holding a real data set the figure reads (e.g. Fashion-MNIST); null: the data set's own resolution
    /// (TRANSFERLAB_DATA, then its default location; docs/realdata.md §1).
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Free-text log (verbose diagnostics; not shown by default).</summary>
    public TextWriter Log { get; }

    /// <summary>Headline numbers the figure reports (shown in the terminal summary).</summary>
    public List<(string Name, double Value)> Headlines { get; } = new();

    /// <summary>How the figure's runs are executed: here (reproduce), one shard's share recorded in a store, or read back (collect).</summary>
    public FigureRuns Runs { get; }

    /// <summary>Creates a context writing into <paramref name="directory"/>.</summary>
    public FigureContext(bool quick, ulong seed, int threads, string directory, ProgressBoard? board = null, TextWriter? log = null, FigureRuns? runs = null)
    {
        Runs = runs ?? FigureRuns.Parallel;
        Quick = quick;
        Seed = seed;
        Threads = threads <= 0 ? Environment.ProcessorCount : threads;
        Directory = directory;
        _board = board ?? new ProgressBoard();
        Log = log ?? TextWriter.Null;
    }

    /// <summary>Parameters recorded in the manifest.</summary>
    public IReadOnlyDictionary<string, object?> Notes => _notes;

    /// <summary>Files written so far (names relative to <see cref="Directory"/>).</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>
    /// The figure's independent runs: <paramref name="work"/> for every point and repetition, result [i, r] for point i,
    /// repetition r, each with the generator derived from (<paramref name="seed"/>, i, r) alone
    /// (<see cref="ParallelRunner.Generator"/>). Every run of a figure goes through here, so that a figure splits into
    /// shards whose runs are recorded in a run store (docs/studies.md, "Figures").
    /// </summary>
    public TResult[,] Map<TPoint, TResult>(IReadOnlyList<TPoint> points, int repetitions, ulong seed, Func<TPoint, int, Rng, TResult> work,
        ProgressTask? progress = null) => Runs.Map(this, points, repetitions, seed, work, progress);

    /// <summary>Starts a progress counter.</summary>
    public ProgressTask Progress(string label, long total) => _board.Start(label, total);

    /// <summary>Records a parameter in the manifest.</summary>
    public void Note(string key, object? value)
    {
        lock (_notes) _notes[key] = value;
    }

    /// <summary>Records a headline number for the terminal summary.</summary>
    public void Headline(string name, double value)
    {
        lock (Headlines) Headlines.Add((name, value));
    }

    private string PathFor(string fileName)
    {
        if (fileName.Contains('/') || fileName.Contains('\\') || fileName.StartsWith('.'))
            throw new ArgumentException($"output name '{fileName}' must be a plain file name", nameof(fileName));
        lock (_files)
        {
            // One writer per file: a plot's data file must never replace a table of the same name (or the reverse).
            if (_files.Contains(fileName)) throw new InvalidOperationException($"output '{fileName}' was already written by this figure");
            _files.Add(fileName);
        }
        return Path.Combine(Directory, fileName);
    }

    /// <summary>Writes <paramref name="name"/>.csv.</summary>
    public void Write(string name, TidyTable table)
    {
        string path = PathFor(name + ".csv");
        if (!Runs.WritesOutputs) return;
        using var w = new StreamWriter(path);
        table.WriteCsv(w);
    }

    /// <summary>
    /// Saves the plot <paramref name="name"/>: its description as <paramref name="name"/>-plot.json (titles, axes, styles) and
    /// <paramref name="name"/>-plot.csv (one row per plotted point), then <paramref name="name"/>.png and .svg drawn from those
    /// files as read back, exactly what <c>transferlab plot</c> draws from them later (docs/architecture.md, "Figures from tables").
    /// </summary>
    public void Save(string name, PlotDescription plot, int width = 1000, int height = 560)
    {
        PathFor(PlotFiles.CsvName(name));
        PathFor(PlotFiles.JsonName(name));
        PathFor(name + ".png");
        PathFor(name + ".svg");
        if (!Runs.WritesOutputs) return;
        PlotFiles.Write(Directory, new SavedPlot(name, width, height, plot));
        PlotRenderer.SaveImages(PlotFiles.Read(Path.Combine(Directory, PlotFiles.JsonName(name))), Directory, ImageFormats.Both);
    }
}
