using System.Diagnostics;
using TransferLab.Experiments.Studies;
using static TransferLab.Tests.Studies.StudyTestSupport;

namespace TransferLab.Tests.Studies;

/// <summary>
/// A child <c>transferlab study run</c> process killed with SIGKILL at random moments loses at most the run in flight on
/// each worker, never corrupts what is recorded, and resuming completes the study with exactly the results of an
/// uninterrupted run.
/// </summary>
[Collection("console")]
public class StudyKillTests
{
    // Simulation runs of a few tens of milliseconds each (a 200 × 300 min-norm fit), ~150 of them: kills land mid-study.
    private const string Spec = """
        model: linear
        compute: [theory, simulate]
        seed: 2026
        seeds: 30
        fixed: { d: 300, sigma: 0.5, spectrum: power-law, power: 1 }
        sweep:
          n: [100, 200, 250, 400, 500]
        """;

    private const int Threads = 2;

    [Fact]
    public void KilledAtRandomMomentsResumesToTheUninterruptedResult()
    {
        string dir = TempDir("kill");
        string spec = Path.Combine(dir, "spec.yaml");
        File.WriteAllText(spec, Spec);
        var plan = StudyPlan.Create(StudySpec.Load(spec));

        var reference = new RunStore(Path.Combine(dir, "reference"));
        StudyRunner.Run(plan, reference, ShardSpec.Whole, Threads);
        var expected = reference.Read().Completed;

        var store = new RunStore(Path.Combine(dir, "killed"));
        var random = new Random(12345);
        int kills = 0;
        for (int attempt = 0; attempt < 6 && kills < 4; attempt++)
        {
            using var child = Start(spec, store.Directory);
            // Wait until it has recorded something new (start-up takes a moment), then kill at a random point after that.
            int before = Count(store);
            var clock = Stopwatch.StartNew();
            while (Count(store) <= before && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(20);
            Thread.Sleep(random.Next(0, 300));
            if (child.HasExited) break; // finished before the kill: nothing left to interrupt
            child.Kill(entireProcessTree: true); // SIGKILL
            child.WaitForExit();
            kills++;

            var snap = store.Read();
            Assert.Equal(0, snap.CorruptLines);
            // Each dead worker's journal: at most one torn line, and started-but-unrecorded runs ≤ one per worker thread.
            Assert.True(snap.TornLines <= kills, $"{snap.TornLines} torn lines after {kills} kills");
            foreach (var w in snap.Workers.Where(w => w.EndedUtc is null))
                Assert.True(w.Unfinished.Count <= Threads, $"{w.File}: {w.Unfinished.Count} runs lost");
            // Whatever was recorded is exactly what the uninterrupted run computed.
            foreach (var (key, record) in snap.Completed)
                Assert.Equal(Bits(expected[key]), Bits(record));
        }
        Assert.True(kills >= 2, $"only {kills} kills landed; the study finished too fast");

        using (var final = Start(spec, store.Directory))
        {
            Assert.True(final.WaitForExit(TimeSpan.FromMinutes(5)));
            Assert.Equal(0, final.ExitCode);
        }
        Assert.Equal(plan.Runs.Count, Count(store));
        var a = Files(Collect(plan, reference).Directory);
        var b = Files(Collect(plan, store).Directory);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var name in a.Keys) Assert.True(a[name].AsSpan().SequenceEqual(b[name]), $"{name} differs after kills");
    }

    private static int Count(RunStore store) => store.Read().Completed.Count;

    private static IEnumerable<long> Bits(RunRecord r) => r.Outputs.Select(o => BitConverter.DoubleToInt64Bits(o.Value));

    private static Process Start(string spec, string outDir)
    {
        var (host, dll) = CliProcess();
        var psi = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "study", "run", spec, "--out", outDir, "--threads", Threads.ToString() }) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        // Drain the pipes so the child never blocks on a full one.
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
