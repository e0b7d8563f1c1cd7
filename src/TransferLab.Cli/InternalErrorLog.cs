using System.CommandLine;

namespace TransferLab.Cli;

/// <summary>Writes the full report of an internal error (not the user's input) to a log file and returns its path.</summary>
public static class InternalErrorLog
{
    /// <summary>
    /// Writes the command line, the time and the exception with its stack trace to
    /// <c>$TMPDIR/transferlab-error-&lt;pid&gt;.log</c> (or <c>TRANSFERLAB_ERROR_LOG</c> when set).
    /// </summary>
    public static string Write(Command command, Exception error)
    {
        string path = Environment.GetEnvironmentVariable("TRANSFERLAB_ERROR_LOG") is { Length: > 0 } p
            ? p
            : Path.Combine(Path.GetTempPath(), $"transferlab-error-{Environment.ProcessId}.log");
        try
        {
            File.WriteAllText(path, $"time: {DateTime.UtcNow:O}\ncommand: {command.Name}\nargs: {string.Join(" ", Environment.GetCommandLineArgs().Skip(1))}\n\n{error}\n");
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "(no log: " + e.Message + ")";
        }
    }
}
