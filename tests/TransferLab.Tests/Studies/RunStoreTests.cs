using System.Text;
using TransferLab.Experiments.Studies;
using static TransferLab.Tests.Studies.StudyTestSupport;

namespace TransferLab.Tests.Studies;

/// <summary>The run store: durable journals, torn and corrupt lines skipped, resume, failures recorded and retried.</summary>
public class RunStoreTests
{
    private const string Tiny = "model: tiny\ncompute: [theory, simulate]\nseed: 3\nseeds: 4\nsweep: { x: [1, 2, 3, 7] }";

    [Fact]
    public void RerunSkipsCompletedKeysAndCollectsTheSame()
    {
        var plan = Plan(Tiny);
        var store = new RunStore(TempDir("resume"));
        var first = StudyRunner.Run(plan, store, new ShardSpec(1, 2), threads: 2);
        Assert.Equal(0, first.AlreadyComplete);
        var second = StudyRunner.Run(plan, store, ShardSpec.Whole, threads: 2);
        Assert.Equal(first.Executed, second.AlreadyComplete);
        Assert.Equal(plan.Runs.Count - first.Executed, second.Executed);
        var third = StudyRunner.Run(plan, store, ShardSpec.Whole, threads: 1);
        Assert.Equal(0, third.Executed);
        Assert.Null(third.Journal);
        Assert.Equal(plan.Runs.Count, store.Read().Completed.Count);
    }

    [Fact]
    public void TornLastLineAndCorruptLinesAreSkipped()
    {
        var plan = Plan(Tiny);
        var store = new RunStore(TempDir("torn"));
        StudyRunner.Run(plan, store, ShardSpec.Whole, threads: 1);
        var journal = Directory.GetFiles(store.RunsDirectory).Single();
        var lines = File.ReadAllLines(journal);
        var victim = lines.First(l => l.Contains("\"type\":\"run\""));
        string key = victim.Split("\"key\":\"")[1][..32];
        // A machine crash can leave zeros in the middle; a killed writer a line without its newline.
        var damaged = lines.Select(l => l == victim ? new string('\0', 40) : l);
        File.WriteAllText(journal, string.Join("\n", damaged) + "\n" + victim[..(victim.Length / 2)], new UTF8Encoding(false));
        var snap = store.Read();
        Assert.Equal(1, snap.TornLines);
        Assert.Equal(1, snap.CorruptLines);
        Assert.False(snap.Completed.ContainsKey(key));
        Assert.Equal(plan.Runs.Count - 1, snap.Completed.Count);
        // Resuming recomputes exactly the damaged run, in a new journal (the damaged one is never appended to).
        var again = StudyRunner.Run(plan, store, ShardSpec.Whole, threads: 2);
        Assert.Equal(1, again.Executed);
        Assert.NotEqual(journal, again.Journal);
        Assert.Equal(plan.Runs.Count, store.Read().Completed.Count);
    }

    [Fact]
    public void FailedRunsAreRecordedReportedAndRetried()
    {
        var plan = Plan(Tiny + "\nfixed: { fail: 7 }");
        var store = new RunStore(TempDir("failed"));
        var outcome = StudyRunner.Run(plan, store, ShardSpec.Whole, threads: 2);
        Assert.Equal(5, outcome.Failed); // theory and four seeds at x = 7
        var status = StudyStatus.Of(plan, store.Read());
        Assert.Equal(5, status.Failed);
        Assert.Equal(5, status.Missing);
        Assert.Contains(status.FirstErrors, e => e.Contains("fails on purpose"));
        var collected = Collect(plan, store);
        Assert.Equal(5, collected.Missing.Count);
        Assert.Contains("fails on purpose", File.ReadAllText(Path.Combine(collected.Directory, StudyCollector.ManifestFile)));
        Assert.Equal(5, StudyRunner.Run(plan, store, ShardSpec.Whole, threads: 1).Executed);
    }

    [Fact]
    public void ADifferentSpecIsRefusedUnlessReplacedAndSharedKeysAreReused()
    {
        var store = new RunStore(TempDir("replace"));
        StudyRunner.Run(Plan(Tiny), store, ShardSpec.Whole, threads: 1);
        var bigger = Plan(Tiny.Replace("seeds: 4", "seeds: 6"));
        var e = Assert.Throws<TransferLab.Validation.ParameterException>(() => StudyRunner.Run(bigger, store, ShardSpec.Whole, 1));
        Assert.Equal("out", e.Parameter);
        var outcome = StudyRunner.Run(bigger, store, ShardSpec.Whole, 1, replaceSpec: true);
        Assert.Equal(4 * 2, outcome.Executed); // only repetitions 4 and 5 of each point are new
    }

    [Fact]
    public void DurableAppendsFromManyThreadsAreAllComplete()
    {
        string dir = TempDir("journal");
        using (var j = RunJournal.Create(dir, "j.jsonl"))
            Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => j.AppendDurable($"{{\"type\":\"start\",\"key\":\"{i:D32}\"}}"));
        var lines = File.ReadAllLines(Path.Combine(dir, "j.jsonl"));
        Assert.Equal(200, lines.Length);
        Assert.Equal(200, lines.Distinct().Count());
        Assert.Throws<IOException>(() => RunJournal.Create(dir, "j.jsonl"));
    }

    [Fact]
    public void RecordsRoundTripEveryDoubleExactly()
    {
        double[] values = [0.1, 1.0 / 3, double.Epsilon, double.MaxValue, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 6.02214076e23];
        var record = new RunRecord(new string('a', 32), true, values.Select((v, i) => new KeyValuePair<string, double>($"o{i}", v)).ToList(),
            [new TransferLab.Experiments.Comparison("q", 1.0 / 7, double.NaN, 0, 1)], null, 0.25, DateTime.UtcNow);
        using var doc = System.Text.Json.JsonDocument.Parse(record.ToLine());
        var back = RunRecord.FromJson(doc.RootElement)!;
        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), back.Outputs.Select(o => BitConverter.DoubleToInt64Bits(o.Value)));
        Assert.Equal(1.0 / 7, back.Comparisons[0].Theory);
        Assert.True(double.IsNaN(back.Comparisons[0].Mean));
    }
}
