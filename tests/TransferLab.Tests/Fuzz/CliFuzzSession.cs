using System.Diagnostics;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace TransferLab.Tests.Fuzz;

/// <summary>
/// Runs fuzz cases and judges them: in-process (<paramref name="run"/> calls the command line in the same process, for the unit tests) or as a child
/// process of the built command line under a heap limit and a time limit (the long run, bench/fuzz.sh). Each case gets
/// a fresh, empty output directory; the fixtures live beside it.
/// </summary>
public sealed class CliFuzzSession(string workDir, Func<string[], CliFuzzRun> run)
{
    private readonly Dictionary<string, JsonElement?> _baselines = new(StringComparer.Ordinal);

    /// <summary>The generators (fixtures under the work directory).</summary>
    public CliFuzzCases Cases { get; } = new(Path.Combine(workDir, "fixtures"));

    /// <summary>The output directory cases write into (emptied before each case).</summary>
    public string OutDir { get; } = Path.Combine(workDir, "out");

    /// <summary>The case generator.</summary>
    public Gen<CliFuzzCase> Generator => Cases.Generator(OutDir);

    /// <summary>Runs <paramref name="c"/>; null when it satisfies the property, else why not.</summary>
    public string? Check(CliFuzzCase c)
    {
        var baseline = Baseline(c.Command);
        if (Directory.Exists(OutDir)) Directory.Delete(OutDir, recursive: true);
        return CliFuzzOracle.Judge(c, run(c.Args), baseline);
    }

    /// <summary>The JSON of a command's valid base run (which must itself satisfy the property).</summary>
    private JsonElement? Baseline(string command)
    {
        if (_baselines.TryGetValue(command, out var known)) return known;
        if (Directory.Exists(OutDir)) Directory.Delete(OutDir, recursive: true);
        var b = Cases.Baseline(command, OutDir);
        var r = run(b.Args);
        if (r.Code != 0) throw new InvalidOperationException($"the fuzz base `{b}` itself fails (exit {r.Code}): {r.Err.Trim()}");
        JsonElement? json = null;
        string text = r.Out.Trim();
        if (text.StartsWith('{')) json = JsonDocument.Parse(text).RootElement.Clone();
        _baselines[command] = json;
        return json;
    }

    /// <summary>
    /// A runner that starts <c>dotnet <paramref name="cliDll"/></c> per case with the GC heap limited to
    /// <paramref name="heapBytes"/> (so the default memory budget is a fraction of it, and an allocation the guard missed
    /// fails the case) and kills it after <paramref name="timeout"/>.
    /// </summary>
    public static Func<string[], CliFuzzRun> ProcessRunner(string cliDll, long heapBytes, TimeSpan timeout, string workDir) => args =>
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDir, UseShellExecute = false };
        psi.ArgumentList.Add(cliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + heapBytes.ToString("X");
        psi.Environment["TRANSFERLAB_ERROR_LOG"] = Path.Combine(workDir, "internal-error.log");
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return new CliFuzzRun(-1, stdout.Result, stderr.Result, TimedOut: true);
        }
        p.WaitForExit();
        return new CliFuzzRun(p.ExitCode, stdout.Result, stderr.Result);
    };
}
