using System.Diagnostics;
using System.Text.RegularExpressions;
using TransferLab.Cli.Slurm;
using TransferLab.Tests.Cli;
using static TransferLab.Tests.Studies.StudyTestSupport;

namespace TransferLab.Tests.Studies;

/// <summary>A fact that needs Slurm's sbatch on PATH; skipped, saying how to get it, only when sbatch is absent.</summary>
public sealed class RequiresSbatchFactAttribute : FactAttribute
{
    public RequiresSbatchFactAttribute()
    {
        if (SlurmClient.FindOnPath("sbatch") is null)
            Skip = "sbatch is not on PATH: apt-get install -y slurm-wlm munge, then deploy/slurm/dev-cluster.sh up (.ci/run does both)";
    }
}

/// <summary>
/// A real study through a real Slurm (the development cluster of deploy/slurm/dev-cluster.sh in CI): submitted as a job
/// array plus a collect job, its collected files equal a local run's byte for byte; resubmitting after losing a shard's
/// records submits only that shard.
/// </summary>
[Collection("console")]
public class SlurmIntegrationTests
{
    [RequiresSbatchFact]
    public void SubmittedStudyCollectsLikeALocalRunAndResubmitsOnlyMissingShards()
    {
        string dir = TempDir("slurm");
        string spec = Path.Combine(dir, "spec.yaml");
        File.WriteAllText(spec, SmallLinear);
        string local = Path.Combine(dir, "local"), cluster = Path.Combine(dir, "cluster");
        Assert.Equal(0, CliHarness.Run("study", "run", spec, "--out", local, "--threads", "2").Code);
        Assert.Equal(0, CliHarness.Run("study", "collect", local).Code);

        var (host, dll) = CliProcess();
        string[] submit = ["study", "submit", spec, "--out", cluster, "--slurm", "--tasks", "3", "--max-parallel", "2", "--time", "10:00",
            "--command", $"{host} {dll}", "--sbatch-arg=--comment=transferlab-test"];
        var (code, output, err) = CliHarness.Run(submit);
        Assert.True(code == 0, $"study submit failed: {err}{output}");
        Assert.Contains("3 of 3 shards", output);
        WaitForCollect(output);
        AssertSameResults(local, cluster);
        Assert.Contains("3 completed", CliHarness.Run("study", "status", cluster).Out);

        // Lose shard 2's records (a task that died on a node): submitting again submits that shard alone.
        foreach (var journal in Directory.GetFiles(Path.Combine(cluster, "runs"), "shard2of3-*")) File.Delete(journal);
        (code, output, err) = CliHarness.Run(submit);
        Assert.True(code == 0, $"second study submit failed: {err}{output}");
        Assert.Contains("1 of 3 shards", output);
        WaitForCollect(output);
        AssertSameResults(local, cluster);

        (code, output, _) = CliHarness.Run(submit);
        Assert.Equal(0, code);
        Assert.Contains("nothing to submit", output);
    }

    private static void AssertSameResults(string local, string cluster)
    {
        var a = Files(Path.Combine(local, "results"));
        var b = Files(Path.Combine(cluster, "results"));
        Assert.Equal(a.Keys, b.Keys);
        foreach (var name in a.Keys) Assert.True(a[name].AsSpan().SequenceEqual(b[name]), $"{name}: Slurm result differs from the local run");
    }

    internal static void WaitForCollect(string submitOutput)
    {
        string job = Regex.Match(submitOutput, @"collect job (\d+)").Groups[1].Value;
        Assert.NotEmpty(job);
        var slurm = SlurmClient.Find()!;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            var task = slurm.Tasks([job]).FirstOrDefault(t => t.JobId == job);
            if (task is { Active: false })
            {
                Assert.Equal("COMPLETED", task.State);
                return;
            }
            Thread.Sleep(500);
        }
        Assert.Fail($"collect job {job} did not finish within 5 minutes (is deploy/slurm/dev-cluster.sh up?)");
    }
}
