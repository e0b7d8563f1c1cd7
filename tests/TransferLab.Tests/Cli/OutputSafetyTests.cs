using System.Diagnostics;
using TransferLab.Experiments;
using TransferLab.Validation;

namespace TransferLab.Tests.Cli;

/// <summary>
/// The output contract under concurrency and interruption: one run per output directory (a second is refused naming
/// the holder's pid), SIGINT/SIGTERM exit 130/143 with the staging folder removed and nothing published, staging
/// folders of dead runs removed by the next run. Child processes run the real CLI.
/// </summary>
public sealed class OutputSafetyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "transferlab-safety-" + Guid.NewGuid().ToString("N"));

    public OutputSafetyTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static Process StartCli(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "TransferLab.Cli.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "1";
        return Process.Start(psi)!;
    }

    private static (int Code, string Err) Finish(Process p, int timeoutMs = 120_000)
    {
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        Assert.True(p.WaitForExit(timeoutMs), "child CLI did not exit");
        return (p.ExitCode, err.Result);
    }

    [Fact]
    public void ASecondRunIntoALockedDirectoryIsRefusedNamingThePid()
    {
        using var held = OutputLock.Acquire(_dir);
        var (code, err) = Finish(StartCli("reproduce", "tahir-fig7", "--quick", "--out", _dir));
        Assert.Equal(2, code);
        Assert.Equal($"error: --out = {_dir}: in use by pid {Environment.ProcessId}; wait for it to finish or choose another directory", err.Trim());
        Assert.Empty(Directory.GetFiles(_dir, "*.csv"));
    }

    [Fact]
    public void TheLockIsReentrantWithinAProcessAndReleasedAfterwards()
    {
        using (OutputLock.Acquire(_dir))
        using (OutputLock.Acquire(_dir)) { }
        // Released: another process can take it now.
        var (code, _) = Finish(StartCli("reproduce", "tahir-fig7", "--quick", "--out", _dir));
        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(_dir, "tahir-fig7-manifest.json")));
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void ASignalRemovesTheStagingFolderAndPublishesNothing(string signal, int expected)
    {
        var p = StartCli("reproduce", "tahir-fig1", "--quick", "--out", _dir, "--threads", "1");
        var sw = Stopwatch.StartNew();
        while (Directory.GetDirectories(_dir, OutputLock.StagingPrefix + "*").Length == 0 && !p.HasExited && sw.Elapsed < TimeSpan.FromSeconds(60))
            Thread.Sleep(10);
        Assert.False(p.HasExited, "the figure finished before it could be interrupted");
        using (var kill = Process.Start("kill", ["-" + signal, p.Id.ToString()])) kill.WaitForExit();
        var (code, err) = Finish(p);
        Assert.Equal(expected, code);
        Assert.Contains("nothing partial was published", err);
        Assert.Empty(Directory.GetDirectories(_dir, OutputLock.StagingPrefix + "*"));
        Assert.Empty(Directory.GetFiles(_dir, "tahir-fig1*"));
    }

    [Fact]
    public void StagingFoldersOfDeadRunsAreRemovedByTheNextRun()
    {
        string stale = Path.Combine(_dir, OutputLock.StagingPrefix + "tahir-fig7-0123456789abcdef");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(stale, "tahir-fig7.csv"), "truncated");
        using (OutputLock.Acquire(_dir)) { }
        Assert.False(Directory.Exists(stale));
    }

    [Fact]
    public void AnEmptyOrInvalidOutputPathIsAParameterError()
    {
        Assert.Equal("out", Assert.Throws<ParameterException>(() => FigureRunner.PrepareOutputDirectory("")).Parameter);
        Assert.Equal("out", Assert.Throws<ParameterException>(() => FigureRunner.PrepareOutputDirectory("a\0b")).Parameter);
        string file = Path.Combine(_dir, "plain-file");
        File.WriteAllText(file, "");
        Assert.Equal("out", Assert.Throws<ParameterException>(() => FigureRunner.PrepareOutputDirectory(file)).Parameter);
    }
}
