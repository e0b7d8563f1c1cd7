namespace TransferLab.Experiments;

/// <summary>
/// A thread-safe progress counter. Library code only increments it; the command line polls all live
/// counters from its main thread and draws them (Spectre.Console's progress display is not thread-safe).
/// </summary>
public sealed class ProgressTask
{
    private long _value;

    /// <summary>What is being done.</summary>
    public string Label { get; }

    /// <summary>Total units of work.</summary>
    public long Total { get; }

    /// <summary>Units done so far.</summary>
    public long Value => Interlocked.Read(ref _value);

    /// <summary>Time since the counter was started.</summary>
    public TimeSpan Elapsed => System.Diagnostics.Stopwatch.GetElapsedTime(_started);

    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    private readonly CancellationToken _cancellation;

    /// <summary>Creates a counter; once <paramref name="cancellation"/> is requested, the next increment throws.</summary>
    public ProgressTask(string label, long total, CancellationToken cancellation = default)
    {
        Label = label;
        Total = Math.Max(1, total);
        _cancellation = cancellation;
    }

    /// <summary>
    /// Adds <paramref name="k"/> units. A cancelled run stops here, at its next unit of work, with an
    /// <see cref="OperationCanceledException"/>: the only point every simulation passes through (the web explorer's job cancel).
    /// </summary>
    public void Increment(long k = 1)
    {
        Interlocked.Add(ref _value, k);
        _cancellation.ThrowIfCancellationRequested();
    }
}

/// <summary>Collects the progress counters of a run so a front end can display them.</summary>
public sealed class ProgressBoard
{
    private readonly List<ProgressTask> _tasks = new();

    /// <summary>A board whose counters ignore cancellation.</summary>
    public ProgressBoard() { }

    /// <summary>A board whose counters stop their run (throw at the next increment) once <paramref name="cancellation"/> is requested.</summary>
    public ProgressBoard(CancellationToken cancellation) => Cancellation = cancellation;

    /// <summary>Stops the runs reporting here.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Starts a new counter.</summary>
    public ProgressTask Start(string label, long total)
    {
        var t = new ProgressTask(label, total, Cancellation);
        lock (_tasks) _tasks.Add(t);
        return t;
    }

    /// <summary>A snapshot of all counters started so far.</summary>
    public IReadOnlyList<ProgressTask> Snapshot()
    {
        lock (_tasks) return _tasks.ToList();
    }
}
