using TransferLab.Cli;

namespace TransferLab.Tests.Cli;

/// <summary>
/// Runs a command line in-process through the entry point Program.cs uses (<see cref="CliRoot.Run"/>), with the console redirected. System.Console is process-wide, so every test
/// class that uses this must be in the "console" collection (no parallel runs among them).
/// </summary>
public static class CliHarness
{
    /// <summary>Exit code, standard output and standard error of <c>transferlab args…</c>.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var oldOut = Console.Out;
        var oldErr = Console.Error;
        var o = new StringWriter();
        var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try { return (CliRoot.Run(args), o.ToString(), e.ToString()); }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
