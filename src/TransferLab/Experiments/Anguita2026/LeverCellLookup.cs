using System.Globalization;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>
/// Reads one cell's mean ± SE from the summary of a lever figure (anguita-relu-levers, anguita-levers-fashion), whose
/// group columns are, in order, quantity, c_pt, kappa, gamma_ft, task (or target) and n_target; the lever values match to
/// 1e-12 relative, since they went through the table as doubles.
/// </summary>
public sealed class LeverCellLookup(TidyTable summary)
{
    private readonly int _mean = summary.IndexOf("mean"), _se = summary.IndexOf("se");

    /// <summary>Mean and SE of <paramref name="quantity"/> at the lever point (c, κ, γ), task and n; NaN when absent.</summary>
    public (double Mean, double Se) Get(string quantity, double c, double kappa, double gamma, string task, int n)
    {
        foreach (var row in summary.Rows)
            if ((string)row[0]! == quantity && Same(row[1], c) && Same(row[2], kappa) && Same(row[3], gamma) && (string)row[4]! == task
                && Convert.ToInt32(row[5], CultureInfo.InvariantCulture) == n)
                return (Convert.ToDouble(row[_mean], CultureInfo.InvariantCulture), Convert.ToDouble(row[_se], CultureInfo.InvariantCulture));
        return (double.NaN, double.NaN);
    }

    private static bool Same(object? cell, double v) => Math.Abs(Convert.ToDouble(cell, CultureInfo.InvariantCulture) - v) <= 1e-12 * Math.Max(1, Math.Abs(v));
}
