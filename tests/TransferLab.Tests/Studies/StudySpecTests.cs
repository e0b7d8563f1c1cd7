using TransferLab.Experiments.Studies;
using TransferLab.Schema;
using TransferLab.Tests.Cli;
using TransferLab.Validation;
using static TransferLab.Tests.Studies.StudyTestSupport;

namespace TransferLab.Tests.Studies;

/// <summary>Spec parsing: YAML and JSON, ranges, and every bad spec rejected before any run with an error naming the key.</summary>
public class StudySpecTests
{
    [Fact]
    public void YamlAndJsonGiveTheSameCanonicalStudy()
    {
        var yaml = StudySpec.Parse(SmallLinear, json: false);
        var json = StudySpec.Parse("""
            { "model": "linear", "compute": ["theory", "simulate"], "seed": 11, "seeds": 3,
              "fixed": { "d": 30, "sigma": 0.2, "teacher": "angle" },
              "sweep": { "n": [10, 20, 50], "angle": { "linspace": [30, 60, 2] } } }
            """, json: true);
        Assert.Equal(yaml.ToCanonicalJson(), json.ToCanonicalJson());
        Assert.Equal(yaml.Hash, json.Hash);
        // The canonical form is itself a spec (what study.json holds) and reads back to itself.
        Assert.Equal(yaml.ToCanonicalJson(), StudySpec.Parse(yaml.ToCanonicalJson(), json: true).ToCanonicalJson());
        Assert.Equal(Compute.Both, yaml.Compute);
        Assert.Equal(["30", "60"], yaml.Sweep[1].Values);
    }

    [Fact]
    public void LinspaceAndLogspaceHaveExactEndsAndRoundIntegers()
    {
        var s = StudySpec.Parse("""
            model: linear
            compute: theory
            sweep:
              sigma: { linspace: [0, 1, 5] }
              n: { logspace: [10, 1000, 5] }
            """, false);
        Assert.Equal(["0", "0.25", "0.5", "0.75", "1"], s.Sweep[0].Values);
        Assert.Equal(["10", "32", "100", "316", "1000"], s.Sweep[1].Values);
        var plan = StudyPlan.Create(s);
        Assert.Equal(25, plan.Runs.Count);
        Assert.Equal(0, s.Seeds);
    }

    [Theory]
    [InlineData("model: linear\ncompute: theory\nsweeps: {}\nfixed: { n: 5 }", "sweeps")]
    [InlineData("model: nonesuch\ncompute: theory", "model")]
    [InlineData("compute: theory", "model")]
    [InlineData("model: linear\ncompute: [theory, train]", "compute")]
    [InlineData("model: linear", "compute")]
    [InlineData("model: linear\ncompute: theory\nfixed: { n: 5, alpha: 1 }", "alpha")]
    [InlineData("model: linear\ncompute: theory\nfixed: { n: 5, sigma: -1 }", "sigma")]
    [InlineData("model: linear\ncompute: theory\nfixed: { n: 5, spectrum: wiggly }", "spectrum")]
    [InlineData("model: linear\ncompute: theory\nsweep: { n: [5, 0] }", "n")]
    [InlineData("model: linear\ncompute: theory\nsweep: { n: [5, 5] }", "n")]
    [InlineData("model: linear\ncompute: theory\nsweep: { n: { linspace: [1, 10, 0] } }", "n")]
    [InlineData("model: linear\ncompute: theory\nsweep: { n: { logspace: [0, 10, 3] } }", "n")]
    [InlineData("model: linear\ncompute: theory\nsweep: { teacher: { linspace: [1, 2, 3] } }", "teacher")]
    [InlineData("model: linear\ncompute: theory\nfixed: { n: 5 }\nsweep: { n: [1, 2] }", "n")]
    [InlineData("model: linear\ncompute: theory\nfixed: { n: 5, solver: gd }", "solver")]
    [InlineData("model: linear\ncompute: simulate\nfixed: { n: 5, method: auto }", "method")]
    [InlineData("model: linear\ncompute: simulate\nfixed: { n: 5, seeds: 4 }", "seeds")]
    [InlineData("model: linear\ncompute: theory\nseeds: 4\nfixed: { n: 5 }", "seeds")]
    [InlineData("model: linear\ncompute: simulate\nseeds: 0\nfixed: { n: 5 }", "seeds")]
    [InlineData("model: linear\ncompute: theory\nseed: -3\nfixed: { n: 5 }", "seed")]
    [InlineData("model: linear\ncompute: theory\nfixed: { n: 5, d: [1, 2] }", "d")]
    [InlineData("model: linear\ncompute: theory\nfixed: { n: ~ }", "n")]
    [InlineData("model: linear\ncompute: theory\nfixed: { n: 5\n", "spec")]
    [InlineData("model: linear\nmodel: linear\ncompute: theory", "spec")]
    public void BadSpecsNameTheKey(string yaml, string key)
    {
        var e = Assert.Throws<ParameterException>(() => StudyPlan.Create(StudySpec.Parse(yaml, false)));
        Assert.Equal(key, e.Parameter);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void ARequiredParameterMissingAtAnyPointIsReportedBeforeAnyRun()
    {
        var e = Assert.Throws<ParameterException>(() => StudyPlan.Create(StudySpec.Parse("model: linear\ncompute: theory\nsweep: { d: [10, 20] }", false)));
        Assert.Equal("n", e.Parameter);
    }

    [Fact]
    public void AKeyOfOneComputedCommandIsAllowedAndReachesOnlyThatCommand()
    {
        // k is a theory option only, noise a simulate option only; a study computing both takes either.
        var plan = Plan("model: tiny\ncompute: [theory, simulate]\nseeds: 2\nfixed: { k: 3, noise: 0.5 }\nsweep: { x: [1, 2] }");
        var theory = plan.Runs.First(r => r.Compute == Compute.Theory);
        var sim = plan.Runs.First(r => r.Compute == Compute.Simulate);
        Assert.Equal(["x", "k"], theory.Given.Select(g => g.Key).OrderBy(k => k == "k"));
        Assert.DoesNotContain(theory.Given, g => g.Key == "noise");
        Assert.DoesNotContain(sim.Given, g => g.Key == "k");
        Assert.Equal(2 + 2 * 2, plan.Runs.Count);
    }

    [Fact]
    public void RunSeedsAndKeysDependOnThePointNotItsPosition()
    {
        var a = Plan("model: tiny\ncompute: simulate\nseed: 5\nseeds: 3\nsweep: { x: [1, 2, 3] }");
        var b = Plan("model: tiny\ncompute: simulate\nseed: 5\nseeds: 5\nsweep: { x: [3, 1, 9, 2] }");
        var byKey = b.Runs.ToDictionary(r => r.Key);
        foreach (var run in a.Runs)
        {
            // Same point and repetition in another order, with more seeds: the same run (reused by a store).
            Assert.True(byKey.TryGetValue(run.Key, out var same));
            Assert.Equal(run.RunSeed, same!.RunSeed);
        }
        var c = Plan("model: tiny\ncompute: simulate\nseed: 6\nseeds: 3\nsweep: { x: [1, 2, 3] }");
        Assert.Empty(c.Runs.Select(r => r.Key).Intersect(a.Runs.Select(r => r.Key)));
        Assert.Equal(a.Runs.Count, a.Runs.Select(r => r.RunSeed).Distinct().Count());
    }

    [Fact]
    public void ShardsPartitionTheRunsAndBalanceTheirCost()
    {
        var plan = Plan("model: tiny\ncompute: [theory, simulate]\nseeds: 4\nsweep: { d: [10, 50, 100, 200, 400], x: [1, 2, 3] }");
        var all = new List<string>();
        var loads = new List<double>();
        for (int i = 1; i <= 4; i++)
        {
            var mine = plan.RunsOf(new ShardSpec(i, 4));
            all.AddRange(mine.Select(r => r.Key));
            loads.Add(mine.Sum(r => r.Estimate.Seconds));
        }
        Assert.Equal(plan.Runs.Select(r => r.Key).Order(), all.Order());
        Assert.True(loads.Max() <= 1.2 * loads.Average(), $"loads {string.Join(", ", loads)}");
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void BadShardsNameShard(string text) => Assert.Equal("shard", Assert.Throws<ParameterException>(() => ShardSpec.Parse(text)).Parameter);
}

/// <summary>The study commands' exit codes and one-line errors.</summary>
[Collection("console")]
public class StudyCliErrorTests
{
    [Fact]
    public void BadSpecExitsTwoWithOneLineNamingTheKey()
    {
        string dir = TempDir("bad-spec");
        string spec = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(spec, "model: linear\ncompute: [theory, simulate]\nfixed: { n: 10 }\nsweep: { sigma: [0.1, -2] }\n");
        foreach (var args in new[] { new[] { "study", "plan", spec }, ["study", "run", spec, "--out", Path.Combine(dir, "out")] })
        {
            var (code, _, err) = CliHarness.Run(args);
            Assert.Equal(2, code);
            var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("error: sigma = -2:", lines[0]);
        }
        // Nothing ran: no study directory was created.
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void MissingSpecFileAndNotAStudyDirectoryExitTwo()
    {
        var (code, _, err) = CliHarness.Run("study", "plan", "/nonexistent/spec.yaml");
        Assert.Equal(2, code);
        Assert.Contains("<spec>", err);
        (code, _, err) = CliHarness.Run("study", "collect", TempDir("empty"));
        Assert.Equal(2, code);
        Assert.Contains("not a study directory", err);
    }

    [Fact]
    public void PlanPrintsRunsMemoryTimeAndFirstRows()
    {
        string dir = TempDir("plan");
        File.WriteAllText(Path.Combine(dir, "s.yaml"), SmallLinear);
        var (code, output, _) = CliHarness.Run("study", "plan", Path.Combine(dir, "s.yaml"));
        Assert.Equal(0, code);
        Assert.Contains("Runs: 24 (theory 6, simulate 18)", output);
        Assert.Contains("Memory per run:", output);
        Assert.Contains("Estimated time:", output);
        // The first runs (a Spectre table in text mode, which the harness does not capture) in the JSON form.
        (code, output, _) = CliHarness.Run("study", "plan", Path.Combine(dir, "s.yaml"), "--json", "--rows", "4");
        Assert.Equal(0, code);
        var json = System.Text.Json.JsonDocument.Parse(output).RootElement;
        Assert.Equal(24, json.GetProperty("runs").GetInt32());
        Assert.True(json.GetProperty("memory_per_run_bytes").GetInt64() > 0);
        Assert.True(json.GetProperty("estimated_cpu_seconds").GetDouble() > 0);
        var first = json.GetProperty("first_runs");
        Assert.Equal(4, first.GetArrayLength());
        Assert.Equal("theory", first[0].GetProperty("compute").GetString());
        Assert.Equal("10", first[0].GetProperty("parameters").GetProperty("n").GetString());
    }

    [Fact]
    public void SimulateRunSeedExcludesSeedsAndSeed()
    {
        var (code, _, err) = CliHarness.Run("simulate", "linear", "--n", "5", "--seeds", "3", "--run-seed", "4");
        Assert.Equal(2, code);
        Assert.Contains("--seeds", err);
        (code, _, err) = CliHarness.Run("simulate", "linear", "--n", "5", "--seed", "3", "--run-seed", "4");
        Assert.Equal(2, code);
        Assert.Contains("--seed", err);
        // seeds 1 stays invalid for the mean ± SE command.
        Assert.Equal(2, CliHarness.Run("simulate", "linear", "--n", "5", "--seeds", "1").Code);
    }

    [Fact]
    public void SubmitWithoutSbatchOnPathExitsTwoInOneLine()
    {
        string dir = TempDir("no-slurm");
        File.WriteAllText(Path.Combine(dir, "s.yaml"), SmallLinear);
        string? path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", dir);
        try
        {
            var (code, _, err) = CliHarness.Run("study", "submit", Path.Combine(dir, "s.yaml"), "--out", Path.Combine(dir, "out"), "--slurm");
            Assert.Equal(2, code);
            var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("error: --slurm: sbatch is not on PATH", lines[0]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }
}
