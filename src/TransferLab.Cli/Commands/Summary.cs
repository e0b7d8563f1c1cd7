using TransferLab.Experiments;

namespace TransferLab.Cli.Commands;

/// <summary>Terminal summary of figure runs: id, time and headline numbers.</summary>
public static class Summary
{
    /// <summary>Prints the table.</summary>
    public static void Print(IReadOnlyList<FigureRunResult> results)
    {
        CliOutput.PrintRows("Summary", ["figure", "seconds", "headline numbers"],
            results.Select(r => new object?[]
            {
                r.Figure.Id,
                Math.Round(r.ElapsedSeconds, 1),
                string.Join("; ", r.Manifest.Headlines.Select(h => $"{h.Key} = {CliOutput.FormatValue(h.Value)}")),
            }));
    }
}
