namespace TransferLab.Experiments;

/// <summary>Summary statistics used for simulation points.</summary>
public static class Statistics
{
    /// <summary>Sample mean and standard error of the mean (sample SD with n − 1, divided by √n; 0 for n = 1).</summary>
    public static (double Mean, double StandardError) MeanAndStandardError(IReadOnlyCollection<double> xs)
    {
        int n = xs.Count;
        if (n == 0) return (double.NaN, double.NaN);
        double mean = xs.Sum() / n;
        if (n == 1) return (mean, 0);
        double ss = xs.Sum(x => (x - mean) * (x - mean));
        return (mean, Math.Sqrt(ss / (n - 1) / n));
    }

    /// <summary>
    /// Bootstrap percentile half-widths of the mean: over <paramref name="resamples"/> resamples with replacement (drawn
    /// from a generator seeded by <paramref name="seed"/>, so the numbers are reproducible), mean − q₀.₁₅₈₇ and
    /// q₀.₈₄₁₃ − mean, the one-SE distances below and above. For a right-skewed sample (risks near an interpolation
    /// threshold) the upper one is the larger: the tail the sample has barely seen.
    /// </summary>
    public static (double Below, double Above) BootstrapHalfWidths(IReadOnlyList<double> xs, int resamples, ulong seed)
    {
        int n = xs.Count;
        if (n < 2) return (0, 0);
        double mean = xs.Sum() / n;
        var rng = new Numerics.Rng(seed);
        var means = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += xs[rng.NextInt(n)];
            means[b] = sum / n;
        }
        Array.Sort(means);
        double Quantile(double q) => means[Math.Clamp((int)Math.Round(q * (resamples - 1)), 0, resamples - 1)];
        return (Math.Max(0, mean - Quantile(0.158655)), Math.Max(0, Quantile(0.841345) - mean));
    }

    /// <summary>Pearson correlation of two equal-length samples.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException("samples differ in length");
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Spearman rank correlation (average ranks for ties).</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => Pearson(Ranks(x), Ranks(y));

    private static double[] Ranks(IReadOnlyList<double> v)
    {
        var order = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
        var r = new double[v.Count];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
            for (int k = i; k <= j; k++) r[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        return r;
    }

    /// <summary>Ordinary least-squares slope of y on x.</summary>
    public static double LeastSquaresSlope(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        return sxy / sxx;
    }
}
