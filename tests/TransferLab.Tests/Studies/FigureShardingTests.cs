using System.Diagnostics;
using System.Text.Json;
using TransferLab.Experiments;
using TransferLab.Experiments.Studies;
using TransferLab.Tests.Cli;
using static TransferLab.Tests.Studies.StudyTestSupport;

namespace TransferLab.Tests.Studies;

/// <summary>
/// Figures shard like studies: N shards (any order, any threads, one killed with SIGKILL and resumed) collect to exactly the
/// files of one unsharded reproduce, CSV, PNG and SVG byte for byte; bad shard requests exit 2 naming the option or figure.
/// </summary>
[Collection("console")]
public class FigureShardingTests
{
    private const ulong Seed = 3;

    // Small figures of two papers, seconds at --quick: tahir-ridge (180 exact-limit draws, one batch; Tahir et al. 2024) and
    // shachaf-linear-isotropic (min-norm fine-tuning risk curves, one batch; Shachaf et al. 2021).
    [Theory]
    [InlineData("tahir-ridge")]
    [InlineData("shachaf-linear-isotropic")]
    public void ShardsCollectByteForByteLikeOneUnshardedReproduce(string id)
    {
        var figure = FigureCatalogue.Find(id);
        string dir = TempDir("figure-" + id);
        var whole = FigureRunner.Run(figure, quick: true, Path.Combine(dir, "whole"), Seed, threads: 2);

        var store = new RunStore(Path.Combine(dir, "sharded"));
        var spec = new FigureRunSpec(id, true, Seed);
        // Reverse order, different thread counts.
        var outcomes = new[] { (3, 1), (1, 2), (2, 2) }
            .Select(s => FigureShardRunner.Run(figure, spec, store, new ShardSpec(s.Item1, 3), s.Item2)).ToList();
        var snapshot = store.Read();
        // The shards split the runs: each computed some, none computed a run twice, together they computed all the store has.
        Assert.All(outcomes, o => Assert.True(o.Executed > 0, "a shard computed nothing"));
        Assert.Equal(snapshot.Completed.Count, outcomes.Sum(o => o.Executed));
        Assert.Equal(snapshot.Completed.Count, outcomes.Sum(o => o.InShard));
        Assert.Equal(3, snapshot.Workers.Count(w => w.Complete));
        // Nothing of the figure is written by a shard.
        Assert.False(Directory.Exists(store.ResultsDirectory));

        var collected = FigureCollector.Collect(store, FigureCatalogue.Find, threads: 2);
        AssertSameFigure(Path.Combine(dir, "whole"), store.ResultsDirectory, id);
        Assert.Equal(whole.Files.Select(Path.GetFileName), collected.Files.Select(Path.GetFileName));

        // Shards run again find everything recorded.
        var again = FigureShardRunner.Run(figure, spec, store, new ShardSpec(2, 3), threads: 2);
        Assert.Equal(0, again.Executed);
        Assert.Equal(again.InShard, again.AlreadyComplete);
    }

    [Fact]
    public void KilledShardResumesAndCollectsLikeAnUnshardedRun()
    {
        const string id = "tahir-fig1";
        var figure = FigureCatalogue.Find(id);
        string dir = TempDir("figure-kill");
        FigureRunner.Run(figure, quick: true, Path.Combine(dir, "whole"), Seed, threads: 2);
        var reference = new RunStore(Path.Combine(dir, "reference"));
        var spec = new FigureRunSpec(id, true, Seed);
        FigureShardRunner.Run(figure, spec, reference, ShardSpec.Whole, threads: 2);
        var expected = reference.Read().Completed;

        var store = new RunStore(Path.Combine(dir, "killed"));
        var random = new Random(2026);
        int kills = 0;
        for (int attempt = 0; attempt < 6 && kills < 3; attempt++)
        {
            using var child = StartShard(id, "1/2", store.Directory);
            int before = Count(store);
            var clock = Stopwatch.StartNew();
            while (Count(store) <= before && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(10);
            Thread.Sleep(random.Next(0, 150));
            if (child.HasExited) break;
            child.Kill(entireProcessTree: true); // SIGKILL
            child.WaitForExit();
            kills++;

            var snap = store.Read();
            Assert.Equal(0, snap.CorruptLines);
            Assert.True(snap.TornLines <= kills, $"{snap.TornLines} torn lines after {kills} kills");
            foreach (var w in snap.Workers.Where(w => w.EndedUtc is null))
                Assert.True(w.Unfinished.Count <= 1, $"{w.File}: {w.Unfinished.Count} runs lost by one thread");
            // What a killed shard recorded is exactly what an uninterrupted run computed.
            foreach (var (key, record) in snap.Completed) Assert.Equal(expected[key].Value, record.Value);
        }
        Assert.True(kills >= 1, "no kill landed; the shard finished too fast");

        int recorded = Count(store);
        var resumed = FigureShardRunner.Run(figure, spec, store, new ShardSpec(1, 2), threads: 2);
        Assert.Equal(recorded, resumed.AlreadyComplete);
        Assert.Equal(resumed.InShard - recorded, resumed.Executed);
        FigureShardRunner.Run(figure, spec, store, new ShardSpec(2, 2), threads: 1);
        FigureCollector.Collect(store, FigureCatalogue.Find, threads: 2);
        AssertSameFigure(Path.Combine(dir, "whole"), store.ResultsDirectory, id);
    }

    [Fact]
    public void CollectWithRunsMissingPublishesNothing()
    {
        var figure = FigureCatalogue.Find("tahir-ridge");
        var store = new RunStore(TempDir("figure-partial"));
        var shard = FigureShardRunner.Run(figure, new FigureRunSpec(figure.Id, true, Seed), store, new ShardSpec(1, 3), threads: 2);
        var (code, _, err) = CliHarness.Run("collect", store.Directory);
        Assert.Equal(1, code);
        var e = Assert.Single(err.Trim().Split('\n'));
        // 180 runs (6 λ × 30 draws at --quick, TahirRidgeFigure), this shard computed about a third of them.
        Assert.InRange(shard.Executed, 50, 70);
        Assert.Contains($"{180 - shard.Executed} of 180 runs of tahir-ridge", e);
        Assert.Empty(Directory.Exists(store.ResultsDirectory) ? Directory.GetFiles(store.ResultsDirectory) : []);
    }

    [Fact]
    public void StatusOfAShardedFigureCountsItsRunsAndShards()
    {
        var figure = FigureCatalogue.Find("tahir-ridge");
        var store = new RunStore(TempDir("figure-status"));
        var spec = new FigureRunSpec(figure.Id, true, Seed);
        var first = FigureShardRunner.Run(figure, spec, store, new ShardSpec(1, 3), threads: 2);

        // 180 runs (6 λ × 30 draws at --quick, TahirRidgeFigure); one shard recorded its share.
        var partial = FigureStatus.Of(store, FigureCatalogue.Find);
        Assert.Equal(180, partial.Asked);
        Assert.Equal(first.Executed, partial.Completed);
        Assert.Equal(180 - first.Executed, partial.Missing);
        Assert.Equal([1], partial.FinishedShards[3]);
        var (code, output, _) = CliHarness.Run("study", "status", store.Directory);
        Assert.Equal(0, code);
        Assert.Contains($"{first.Executed} completed, {180 - first.Executed} missing", output);
        Assert.Contains("unfinished: 2, 3", output);

        foreach (int i in new[] { 3, 2 }) FigureShardRunner.Run(figure, spec, store, new ShardSpec(i, 3), threads: 1);
        var done = FigureStatus.Of(store, FigureCatalogue.Find);
        Assert.Equal(store.Read().Completed.Count, done.Asked);
        Assert.Equal((180, 0, 0), (done.Completed, done.Missing, done.Failed));
        Assert.Equal([1, 2, 3], done.FinishedShards[3]);
        var (jsonCode, json, _) = CliHarness.Run("study", "status", store.Directory, "--json");
        Assert.Equal(0, jsonCode);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(0, parsed.RootElement.GetProperty("missing").GetInt32());
        Assert.Equal("tahir-ridge", parsed.RootElement.GetProperty("figure").GetString());
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("two/3")]
    [InlineData("2")]
    public void BadShardExitsTwoNamingTheOptionAndWritesNothing(string shard)
    {
        string dir = Path.Combine(TempDir("figure-bad"), "out");
        var (code, _, err) = CliHarness.Run("reproduce", "tahir-ridge", "--quick", "--shard", shard, "--out", dir);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: --shard = {shard}:", Assert.Single(err.Trim().Split('\n')));
        Assert.False(File.Exists(Path.Combine(dir, FigureRunSpec.FileName)));
    }

    [Fact]
    public void FiguresThatCannotShardAndMisusedOptionsExitTwo()
    {
        string dir = TempDir("figure-refused");
        var cases = new (string[] Args, string Expect)[]
        {
            (["reproduce", "tahir-fig4", "--quick", "--shard", "1/2", "--out", dir], "tahir-fig4"),
            (["reproduce", "all", "--quick", "--shard", "1/2", "--out", dir], "--shard = 1/2: takes one figure id"),
            (["reproduce", "tahir-ridge", "--quick", "--shard", "1/2"], "--shard = 1/2: needs --out"),
            (["reproduce", "tahir-ridge", "--quick", "--shard", "1/2", "--slurm", "--out", dir], "--shard"),
            (["reproduce", "tahir-ridge", "--quick", "--tasks", "4"], "--tasks = 4: applies only with --slurm"),
        };
        foreach (var (args, expect) in cases)
        {
            var (code, _, err) = CliHarness.Run(args);
            Assert.True(code == 2, $"{string.Join(' ', args)}: exit {code}");
            Assert.Contains(expect, Assert.Single(err.Trim().Split('\n')));
        }
        Assert.False(File.Exists(Path.Combine(dir, FigureRunSpec.FileName)));

        // A directory that holds another figure (or size or seed) is refused before any run.
        var figure = FigureCatalogue.Find("tahir-ridge");
        var store = new RunStore(Path.Combine(dir, "store"));
        store.Initialize(new FigureRunSpec("tahir-ridge", true, Seed));
        var (c, _, e2) = CliHarness.Run("reproduce", "tahir-ridge", "--quick", "--seed", "4", "--shard", "1/2", "--out", store.Directory);
        Assert.Equal(2, c);
        Assert.Contains("--out", e2);
        Assert.Empty(Directory.GetFiles(store.RunsDirectory));
    }

    /// <summary>Every file of an unsharded reproduce equals the collected one byte for byte; the manifests agree but for timing.</summary>
    internal static void AssertSameFigure(string wholeDir, string collectedDir, string id)
    {
        var a = Files(wholeDir);
        var b = Files(collectedDir);
        Assert.Equal(a.Keys, b.Keys);
        Assert.Contains(a.Keys, k => k.EndsWith(".csv"));
        Assert.Contains(a.Keys, k => k.EndsWith(".png"));
        Assert.Contains(a.Keys, k => k.EndsWith(".svg"));
        string manifest = $"{id}-manifest.json";
        foreach (var name in a.Keys.Where(k => k != manifest))
            Assert.True(a[name].AsSpan().SequenceEqual(b[name]), $"{name} differs between the sharded and the unsharded figure");
        Assert.Equal(WithoutTiming(a[manifest]), WithoutTiming(b[manifest]));
    }

    private static string WithoutTiming(byte[] manifest)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(manifest)!.AsObject();
        foreach (var k in node.Select(p => p.Key).Where(k => k.Contains("started", StringComparison.OrdinalIgnoreCase)
                     || k.Contains("elapsed", StringComparison.OrdinalIgnoreCase) || k.Contains("threads", StringComparison.OrdinalIgnoreCase)).ToList())
            node.Remove(k);
        return node.ToJsonString();
    }

    private static int Count(RunStore store) => store.Read().Completed.Count;

    private static Process StartShard(string id, string shard, string outDir)
    {
        var (host, dll) = CliProcess();
        var psi = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "reproduce", id, "--quick", "--seed", Seed.ToString(), "--shard", shard, "--out", outDir, "--threads", "1" }) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
