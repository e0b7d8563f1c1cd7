using Spectre.Console;
using TransferLab.Experiments;

namespace TransferLab.Cli;

/// <summary>
/// Runs work on a background thread and, on an interactive terminal, draws its progress counters
/// with Spectre.Console from this (main) thread; quiet when output is redirected (CI, pipes).
/// </summary>
public static class ProgressDisplay
{
    /// <summary>True when progress bars should be drawn.</summary>
    public static bool Interactive =>
        !Console.IsOutputRedirected && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive
        && Environment.GetEnvironmentVariable("CI") == null;

    /// <summary>Runs <paramref name="work"/>, showing the counters it starts on <paramref name="board"/>.</summary>
    public static T Run<T>(ProgressBoard board, Func<T> work)
    {
        if (!Interactive) return work();
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
}
