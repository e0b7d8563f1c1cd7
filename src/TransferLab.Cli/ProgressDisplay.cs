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

    /// <summary>
    /// Runs <paramref name="work"/>, showing the counters it starts on <paramref name="board"/>; with
    /// <paramref name="showRate"/> also units per second, and plain lines every <paramref name="logInterval"/> (default
    /// <see cref="LogInterval"/>) when not interactive.
    /// </summary>
    public static T Run<T>(ProgressBoard board, Func<T> work, bool showRate = false, TimeSpan? logInterval = null)
    {
        if (!Interactive) return RunLogged(board, work, logInterval ?? LogInterval, Console.Error, showRate);
        var task = Task.Run(work);
        ProgressColumn[] columns = showRate
            ? [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn()]
            : [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn()];
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(columns)
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
    /// "progress: label  done/total (p%)  elapsed …  remaining ~…" for each counter started and not yet full (with
    /// <paramref name="showRate"/>, "… (p%)  r/s  elapsed …").
    /// </summary>
    public static T RunLogged<T>(ProgressBoard board, Func<T> work, TimeSpan interval, TextWriter log, bool showRate = false)
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
                string rate = showRate ? FormattableString.Invariant($"  {v / Math.Max(elapsed.TotalSeconds, 1e-9):G3}/s") : "";
                log.WriteLine(FormattableString.Invariant(
                    $"progress: {t.Label}  {v}/{t.Total} ({100.0 * v / t.Total:F0}%){rate}  elapsed {Format(elapsed)}{remaining}"));
            }
            log.Flush();
        }
        return task.GetAwaiter().GetResult();
    }

    private static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";

    /// <summary>Units per second of a bar, from Spectre's running speed estimate.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, Spectre.Console.ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is double s ? FormattableString.Invariant($"{s:G3}/s") : "–/s");
    }
}
