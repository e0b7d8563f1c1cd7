using TransferLab.Experiments;
using TransferLab.Tests.Cli;
using static TransferLab.Tests.Studies.StudyTestSupport;

namespace TransferLab.Tests.Studies;

/// <summary>
/// <c>reproduce &lt;id&gt; --slurm</c> through a real Slurm (the development cluster of deploy/slurm/dev-cluster.sh in CI):
/// a job array of shards and an afterany collect job write the figure byte for byte like a local unsharded reproduce, and
/// submitting again finds nothing left to submit.
/// </summary>
[Collection("console")]
public class FigureSlurmTests
{
    [RequiresSbatchFact]
    public void SubmittedFigureCollectsLikeALocalReproduce()
    {
        const string id = "tahir-ridge";
        string dir = TempDir("figure-slurm");
        string local = Path.Combine(dir, "local"), cluster = Path.Combine(dir, "cluster");
        FigureRunner.Run(FigureCatalogue.Find(id), quick: true, local, seed: 5, threads: 2);

        var (host, dll) = CliProcess();
        string[] submit = ["reproduce", id, "--quick", "--seed", "5", "--out", cluster, "--slurm", "--tasks", "3", "--time", "10:00",
            "--command", $"{host} {dll}", "--sbatch-arg=--comment=transferlab-test"];
        var (code, output, err) = CliHarness.Run(submit);
        Assert.True(code == 0, $"reproduce --slurm failed: {err}{output}");
        Assert.Contains("3 of 3 shards", output);
        Assert.Contains("--shard \"${SLURM_ARRAY_TASK_ID}/3\"", File.ReadAllText(Path.Combine(cluster, "slurm", "shards-of-3.sbatch")));
        SlurmIntegrationTests.WaitForCollect(output);
        FigureShardingTests.AssertSameFigure(local, Path.Combine(cluster, "results"), id);

        (code, output, _) = CliHarness.Run(submit);
        Assert.Equal(0, code);
        Assert.Contains("nothing to submit", output);
    }
}
