using System.Runtime.InteropServices;
using TransferLab.Experiments;

namespace TransferLab.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM end a run cleanly: the staging folders of figures in progress are removed, nothing
/// half-made is published, and the exit code is the shell's convention (130 for SIGINT, 143 for SIGTERM).
/// </summary>
public static class SignalHandling
{
    /// <summary>Exit code after SIGINT (128 + 2).</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>Exit code after SIGTERM (128 + 15).</summary>
    public const int TerminatedExitCode = 143;

    private static readonly List<PosixSignalRegistration> s_registrations = new();

    /// <summary>Installs the handlers for the life of the process.</summary>
    public static void Install()
    {
        s_registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, InterruptedExitCode, "interrupted")));
        s_registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, TerminatedExitCode, "terminated")));
    }

    private static int s_stopping;

    /// <summary>
    /// A long-running command that stops by itself (the explorer server) sets this: the first signal then cancels it,
    /// and the command returns its own exit code, instead of the process exiting at once.
    /// </summary>
    public static CancellationTokenSource? GracefulStop { get; set; }

    private static void Stop(PosixSignalContext context, int exitCode, string what)
    {
        context.Cancel = true;
        if (Interlocked.Exchange(ref s_stopping, 1) == 1) return;
        if (GracefulStop is { } graceful)
        {
            graceful.Cancel();
            return;
        }
        int removed = Interruption.Abort();
        Console.Error.WriteLine(removed > 0
            ? $"{what}: removed {removed} unfinished staging folder{(removed == 1 ? "" : "s")}; nothing partial was published"
            : $"{what}");
        Environment.Exit(exitCode);
    }
}
