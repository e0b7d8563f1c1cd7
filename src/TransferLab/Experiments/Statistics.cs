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
}
