using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using TransferLab.Tests.Fuzz;

// The long run of the command-line fuzz suite (bench/fuzz.sh): N cases from a seed, each as a child process of the
// built CLI under a GC heap limit and a time limit, every failure listed. Usage:
//   TransferLab.Fuzz --cli PATH/TransferLab.Cli.dll [--seed S] [--cases N] [--heap-mb M] [--timeout-s T] [--parallel P]
var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2) opts[args[i]] = args[i + 1];
string cli = Path.GetFullPath(opts.GetValueOrDefault("--cli") ?? throw new ArgumentException("--cli PATH/TransferLab.Cli.dll is required"));
ulong seed = ulong.Parse(opts.GetValueOrDefault("--seed", "1"), CultureInfo.InvariantCulture);
int cases = int.Parse(opts.GetValueOrDefault("--cases", "500"), CultureInfo.InvariantCulture);
long heap = long.Parse(opts.GetValueOrDefault("--heap-mb", "2048"), CultureInfo.InvariantCulture) << 20;
var timeout = TimeSpan.FromSeconds(double.Parse(opts.GetValueOrDefault("--timeout-s", "60"), CultureInfo.InvariantCulture));
int parallel = int.Parse(opts.GetValueOrDefault("--parallel", "1"), CultureInfo.InvariantCulture);

string work = Directory.CreateTempSubdirectory("transferlab-fuzz-").FullName;
var template = new CliFuzzSession(Path.Combine(work, "0"), CliFuzzSession.ProcessRunner(cli, heap, timeout, work));
// FsCheck's generator, sampled from a fixed seed (an odd gamma, as FsCheck requires): the same cases on every run.
var sample = Gen.Sample(template.Generator, cases, new Rnd(seed, 0x9E3779B97F4A7C15UL), 20).ToArray();
var failures = new List<(int Index, CliFuzzCase Case, string Why)>();
var clock = Stopwatch.StartNew();
int done = 0;
// One session per worker: each has its own output directory and baselines (the cases are re-targeted to it).
Parallel.For(0, parallel, new ParallelOptions { MaxDegreeOfParallelism = parallel }, w =>
{
    string dir = Path.Combine(work, $"w{w}");
    var session = new CliFuzzSession(dir, CliFuzzSession.ProcessRunner(cli, heap, timeout, dir));
    for (int i = w; i < sample.Length; i += parallel)
    {
        var c = Retarget(sample[i], template, session);
        string? why;
        try { why = session.Check(c); }
        catch (Exception e) { why = $"harness: {e.Message}"; }
        lock (failures)
        {
            if (why is not null) failures.Add((i, c, why));
            if (++done % 50 == 0) Console.Error.WriteLine($"{done}/{sample.Length} cases, {failures.Count} failed, {clock.Elapsed.TotalSeconds:F0} s");
        }
    }
});
foreach (var (i, c, why) in failures.OrderBy(f => f.Index)) Console.WriteLine($"FAIL #{i}: {c}\n    {why}");
Console.WriteLine($"seed {seed}: {sample.Length} cases tried, {failures.Count} failed ({clock.Elapsed.TotalSeconds:F0} s, heap limit {heap >> 20} MiB, timeout {timeout.TotalSeconds:F0} s)");
try { Directory.Delete(work, recursive: true); } catch (IOException) { }
return failures.Count == 0 ? 0 : 1;

// The sample was generated against the template's paths; each worker has its own fixtures and output directory.
static CliFuzzCase Retarget(CliFuzzCase c, CliFuzzSession from, CliFuzzSession to)
{
    string F(string a) => a.Replace(from.OutDir, to.OutDir, StringComparison.Ordinal).Replace(from.Cases.Fixtures, to.Cases.Fixtures, StringComparison.Ordinal);
    return c with { Args = c.Args.Select(F).ToArray(), OutDir = c.OutDir is null ? null : F(c.OutDir) };
}
