using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TransferLab.Tests.Cli;

namespace TransferLab.Tests.Fuzz;

/// <summary>
/// The fast subset of the command-line fuzz suite: 80 hostile invocations from a fixed seed, run in-process (the long
/// run is bench/fuzz.sh). Every case must exit 0 with finite outputs or exit 2 with error lines naming an edited option,
/// and write nothing when refused (docs/architecture.md, "Error contract").
/// </summary>
[Collection("console")]
public sealed class CliFuzzTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("transferlab-fuzz-").FullName;

    /// <summary>Deletes the work directory.</summary>
    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Property(MaxTest = 80, Replay = "20261203,17")]
    public Property EveryInvocationIsAnswerOrOneLineRefusal()
    {
        var session = new CliFuzzSession(_work, args =>
        {
            var (code, o, e) = CliHarness.Run(WithBudget(args));
            return new CliFuzzRun(code, o, e);
        });
        return Prop.ForAll(session.Generator.ToArbitrary(), c =>
        {
            string? why = session.Check(c);
            return (why is null).Label($"{c} → {why}");
        });
    }

    // In-process there is no per-case heap limit: a budget the estimate is checked against stands in for it (unless
    // the case sets its own).
    private static string[] WithBudget(string[] args) =>
        args.Contains("--max-memory") || !TakesBudget(args) ? args : [.. args[..2], "--max-memory", "1G", .. args[2..]];

    private static bool TakesBudget(string[] args) => args.Length > 0 && args[0] is "theory" or "simulate" or "phase-diagram" or "predict";

    [Fact]
    public void OracleRejectsWhatTheContractForbids()
    {
        // The property can fail: each forbidden outcome is caught.
        var c = new CliFuzzCase("theory linear", ["theory", "linear", "--sigma", "1e308"], ["--sigma"], null);
        Assert.NotNull(CliFuzzOracle.Judge(c, new CliFuzzRun(1, "", "internal error (X): y; details in z"), null));
        Assert.NotNull(CliFuzzOracle.Judge(c, new CliFuzzRun(2, "", "error: --loss-tol = 1e308: expected …"), null));
        Assert.NotNull(CliFuzzOracle.Judge(c, new CliFuzzRun(2, "", "error: --sigma = x: bad\n   at Foo.Bar()"), null));
        Assert.NotNull(CliFuzzOracle.Judge(c, new CliFuzzRun(0, "{\"risk\": \"NaN\"}", ""), null));
        var baseline = System.Text.Json.JsonDocument.Parse("{\"risk\": 1.5}").RootElement;
        Assert.NotNull(CliFuzzOracle.Judge(c, new CliFuzzRun(0, "{\"risk\": null}", ""), baseline));
        Assert.NotNull(CliFuzzOracle.Judge(c, new CliFuzzRun(0, "", "", TimedOut: true), null));
        Assert.Null(CliFuzzOracle.Judge(c, new CliFuzzRun(2, "", "error: --sigma = 1e308: expected a finite number ≤ 1e100"), null));
        Assert.Null(CliFuzzOracle.Judge(c, new CliFuzzRun(0, "{\"risk\": 2.5}", ""), baseline));
        // A null the payload explains in null_reasons (by its path below the object holding them) is an answer.
        var rows = System.Text.Json.JsonDocument.Parse("{\"rows\": [{\"risk\": 1.5}]}").RootElement;
        Assert.Null(CliFuzzOracle.Judge(c, new CliFuzzRun(0, "{\"rows\": [{\"risk\": 1}, {\"risk\": null}], \"null_reasons\": {\"rows[1].risk\": \"infinite at n = d\"}}", ""), rows));
        Assert.NotNull(CliFuzzOracle.Judge(c, new CliFuzzRun(0, "{\"rows\": [{\"risk\": null}], \"null_reasons\": {\"rows[0].other\": \"x\"}}", ""), rows));
        // Exit 3 is the no-valid-result answer only with its one line.
        Assert.Null(CliFuzzOracle.Judge(c, new CliFuzzRun(3, "{}", "error: no valid result: every seed diverged"), null));
        Assert.NotNull(CliFuzzOracle.Judge(c, new CliFuzzRun(3, "{}", "something else"), null));
    }
}
