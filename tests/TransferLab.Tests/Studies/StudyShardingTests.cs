using TransferLab.Experiments.Studies;
using static TransferLab.Tests.Studies.StudyTestSupport;

namespace TransferLab.Tests.Studies;

/// <summary>Sharded studies collect to exactly the files of an unsharded one, whatever the threads and order.</summary>
public class StudyShardingTests
{
    [Fact]
    public void ThreeShardsCollectByteForByteLikeOneProcess()
    {
        var plan = Plan(SmallLinear);
        var whole = new RunStore(TempDir("whole"));
        StudyRunner.Run(plan, whole, ShardSpec.Whole, threads: 2);
        var sharded = new RunStore(TempDir("sharded"));
        // Shards in reverse order, different thread counts, one of them interrupted and resumed.
        StudyRunner.Run(plan, sharded, new ShardSpec(3, 3), threads: 1);
        StudyRunner.Run(plan, sharded, new ShardSpec(2, 3), threads: 2);
        StudyRunner.Run(plan, sharded, new ShardSpec(1, 3), threads: 2);
        Assert.Equal(3, Directory.GetFiles(sharded.RunsDirectory).Length);

        var a = Collect(plan, whole);
        var b = Collect(plan, sharded);
        Assert.Empty(a.Missing);
        Assert.Empty(b.Missing);
        var fa = Files(a.Directory);
        var fb = Files(b.Directory);
        Assert.Equal(fa.Keys, fb.Keys);
        Assert.Contains("runs.csv", fa.Keys);
        Assert.Contains("summary.csv", fa.Keys);
        Assert.Contains("manifest.json", fa.Keys);
        Assert.Contains(fa.Keys, k => k.EndsWith(".png"));
        Assert.Contains(fa.Keys, k => k.EndsWith(".svg"));
        foreach (var name in fa.Keys) Assert.True(fa[name].AsSpan().SequenceEqual(fb[name]), $"{name} differs between sharded and unsharded");
        // One row per run, one column per parameter and output.
        var rows = File.ReadAllLines(Path.Combine(a.Directory, "runs.csv"));
        Assert.Equal(plan.Runs.Count + 1, rows.Length);
        Assert.StartsWith("run,compute,point,repetition,run_seed,n,angle,d,sigma,teacher,theory.", rows[0]);
        Assert.EndsWith(",reproduce", rows[0]);
        var summary = File.ReadAllLines(Path.Combine(a.Directory, "summary.csv"));
        Assert.Equal("point,n,angle,d,sigma,teacher,quantity,theory,mean,se,samples,seeds,z_score,agrees", summary[0]);
        Assert.Equal(1 + 6 * 2, summary.Length); // 6 points × (fine-tune, scratch)
    }

    [Fact]
    public void CollectOfAPartialStudyReportsWhatIsMissing()
    {
        var plan = Plan(SmallLinear);
        var store = new RunStore(TempDir("partial"));
        var ran = StudyRunner.Run(plan, store, new ShardSpec(1, 4), threads: 2);
        var outcome = Collect(plan, store);
        Assert.Equal(plan.Runs.Count - ran.Executed, outcome.Missing.Count);
        var manifest = File.ReadAllText(Path.Combine(outcome.Directory, "manifest.json"));
        Assert.Contains($"\"missing\": {outcome.Missing.Count}", manifest);
        Assert.Contains(outcome.Missing[0].Key, manifest);
        var status = StudyStatus.Of(plan, store.Read(), shards: 4);
        Assert.Equal(0, status.MissingByShard[0]);
        Assert.Equal(outcome.Missing.Count, status.MissingByShard.Sum());
    }

    [Fact]
    public void TheoryOnlyStudySummarisesTheoryValuesAndPlotsTheOnesThatVary()
    {
        var plan = Plan("model: tiny\ncompute: theory\nsweep: { x: [1, 2, 4], k: [0, 1] }");
        var store = new RunStore(TempDir("theory-only"));
        StudyRunner.Run(plan, store, ShardSpec.Whole, threads: 2);
        var outcome = Collect(plan, store);
        var summary = File.ReadAllLines(Path.Combine(outcome.Directory, "summary.csv"));
        Assert.Contains("0,1,0,value,2,,,,,,", summary);
        var plots = outcome.Files.Where(f => f.EndsWith(".png")).ToList();
        // value and parts.a.value / parts.b.value vary (list elements named by their first string field); x and k only echo the parameters.
        Assert.Equal(["plot-parts.a.value.png", "plot-parts.b.value.png", "plot-value.png"], plots.Order());
    }
}
