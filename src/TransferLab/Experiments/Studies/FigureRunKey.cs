using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// Names a figure's run by what it computes: the figure, its size and seed, the batch (the figure's n-th map call, a
/// fixed sequence for a given figure and size), the batch's seed and shape, the point's value (its JSON) and index, and
/// the repetition. The run's generator derives from (batch seed, point index, repetition) alone
/// (<see cref="ParallelRunner.Generator"/>), exactly as in an unsharded reproduce, so which shard or thread computes a run
/// never changes its numbers (docs/studies.md, "Figures").
/// </summary>
public static class FigureRunKey
{
    /// <summary>The identity text common to every run of one batch.</summary>
    public static string BatchIdentity(FigureRunSpec figure, int batch, ulong batchSeed, int points, int repetitions) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{FigureRunSpec.Scheme}\nfigure={figure.Figure}\nquick={figure.Quick}\nseed={figure.Seed}\nbatch={batch}\nbatch-seed={batchSeed}\npoints={points}\nrepetitions={repetitions}\n");

    /// <summary>The run's key: 32 hex digits (128 bits) of SHA-256 over the batch identity, the point and the repetition.</summary>
    public static string Key(string batchIdentity, int point, string pointJson, int repetition)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"{batchIdentity}point={point}\nvalue={pointJson}\nrepetition={repetition}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
