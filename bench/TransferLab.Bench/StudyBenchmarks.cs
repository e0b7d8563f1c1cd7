using BenchmarkDotNet.Attributes;
using TransferLab.Experiments.Families;
using TransferLab.Experiments.Studies;
using TransferLab.Schema;

namespace TransferLab.Bench;

/// <summary>
/// What the study store adds to every run (docs/studies.md, "Store"; goal: under 1 ms): the start line, the record line
/// made from the result's payload and its write into the journal (what a worker pays; the flusher thread's fdatasync
/// runs behind it), and for comparison the latency of one durable append (write + wait for fdatasync).
/// </summary>
public class StudyStoreBenchmarks
{
    private string _dir = null!;
    private RunJournal _journal = null!;
    private ModelResult _result = null!;
    private string _line = null!;

    [GlobalSetup(Targets = [nameof(StoreOverheadPerRun), nameof(DurableAppend), nameof(FlattenAndFormat)])]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"transferlab-bench-store-{Environment.ProcessId}");
        Directory.CreateDirectory(_dir);
        _journal = RunJournal.Create(_dir, $"bench-{Guid.NewGuid():N}.jsonl");
        var family = new LinearFamily();
        var values = family.Schema.Bind(new Dictionary<string, string> { ["n"] = "50", ["d"] = "40" }, Compute.Simulate);
        _result = family.SimulateRun(values, 7, new RunSettings(1));
        _line = Record().ToLine();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _journal.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private object _figureResult = null!;

    [GlobalSetup(Target = nameof(FigureRunOverheadPerRun))]
    public void SetupFigure()
    {
        Setup();
        // One anguita-fig3 simulation run at --quick size (D = 300, α_FT = 0.25): the result a figure shard records.
        var task = new TransferLab.Data.SparseTransferTask(300, 0.1, 0.1, 0, 0.1) with { AlphaFt = 0.25 };
        _figureResult = TransferLab.Training.DiagonalTransferPipeline.Run(task, new TransferLab.Models.DiagonalInitialization(1e-3, 0, 0), TransferLab.Numerics.SeedSequence.For(1, 0, 0));
    }

    /// <summary>
    /// What a figure shard adds to every run (docs/studies.md, "Figures"): the result to JSON, checked to read back to the
    /// same text, the record line, and the start and record lines written.
    /// </summary>
    [Benchmark]
    public void FigureRunOverheadPerRun()
    {
        string json = FigureRunValue.Write((TransferLab.Training.DiagonalRunResult)_figureResult);
        _journal.Append(JournalLine.Simple("start", "key", new string('0', 32)));
        _journal.Append(new RunRecord(new string('0', 32), true, [], [], null, 0.01, DateTime.UtcNow, json).ToLine(), counts: true);
    }

    private RunRecord Record() => new(new string('0', 32), true, PayloadFlattener.Flatten(_result.Payload), _result.Comparisons, null, 0.01, DateTime.UtcNow);

    /// <summary>Everything a worker does for the store per run: start line, flatten the payload, record line, both written.</summary>
    [Benchmark]
    public void StoreOverheadPerRun()
    {
        _journal.Append(JournalLine.Simple("start", "key", new string('0', 32)));
        _journal.Append(Record().ToLine(), counts: true);
    }

    /// <summary>One append waited on until it is on disk (a write and a flush of a ~1 kB line): the durability latency.</summary>
    [Benchmark]
    public void DurableAppend() => _journal.AppendDurable(_line);

    /// <summary>The CPU part alone: payload → outputs → JSON line.</summary>
    [Benchmark]
    public string FlattenAndFormat() => Record().ToLine();
}
