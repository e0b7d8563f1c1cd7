using Spectre.Console;
using TransferLab.Experiments;

namespace TransferLab.Cli;

/// <summary>
/// Runs work on a background thread and, on an interactive terminal, draws its progress counters
/// with Spectre.Console from this (main) thread. When output is redirected (CI, pipes, nohup logs) bars would
/// only litter the log, so long work instead reports one plain line per unfinished counter to stderr every
/// <see cref="LogInterval"/>; work shorter than that prints nothing.
/// </summary>
public static class ProgressDisplay
{
    /// <summary>Time between plain progress lines when output is redirected.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(60);

    /// <summary>True when progress bars should be drawn.</summary>
    public static bool Interactive =>
        !Console.IsOutputRedirected && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive
        && Environment.GetEnvironmentVariable("CI") == null;

    /// <summary>Runs <paramref name="work"/>, showing the counters it starts on <paramref name="board"/>.</summary>
    public static T Run<T>(ProgressBoard board, Func<T> work)
    {
        if (!Interactive) return RunLogged(board, work, LogInterval, Console.Error);
        var task = Task.Run(work);
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var shown = new Dictionary<TransferLab.Experiments.ProgressTask, Spectre.Console.ProgressTask>();
                while (true)
                {
                    foreach (var t in board.Snapshot())
                    {
                        if (!shown.TryGetValue(t, out var bar))
                            shown[t] = bar = ctx.AddTask(Markup.Escape(t.Label), maxValue: t.Total);
                        bar.Value = Math.Min(t.Value, t.Total);
                    }
                    if (task.IsCompleted) break;
                    Thread.Sleep(100);
                }
                foreach (var bar in shown.Values) bar.Value = bar.MaxValue;
            });
        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs <paramref name="work"/> and, every <paramref name="interval"/> until it finishes, writes
    /// "progress: label  done/total (p%)  elapsed …  remaining ~…" for each counter started and not yet full.
    /// </summary>
    public static T RunLogged<T>(ProgressBoard board, Func<T> work, TimeSpan interval, TextWriter log)
    {
        var task = Task.Run(work);
        // Wait on the handle, not Task.Wait, so a failure of the work surfaces below as its own exception.
        while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(interval))
        {
            foreach (var t in board.Snapshot())
            {
                long v = Math.Min(t.Value, t.Total);
                if (v >= t.Total) continue;
                var elapsed = t.Elapsed;
                string remaining = v > 0
                    ? $"  remaining ~{Format(TimeSpan.FromSeconds(elapsed.TotalSeconds * (t.Total - v) / v))}"
                    : "";
                log.WriteLine(FormattableString.Invariant(
                    $"progress: {t.Label}  {v}/{t.Total} ({100.0 * v / t.Total:F0}%)  elapsed {Format(elapsed)}{remaining}"));
            }
            log.Flush();
        }
        return task.GetAwaiter().GetResult();
    }

    private static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";
}
