namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tidy long table of a pretraining-penalty sweep (columns kind, quantity, lambda, rep, value) and column reads of its
/// summary, shared by the λ-sweep figures of the two-layer ReLU experiments.
/// </summary>
public static class LambdaSweepTable
{
    /// <summary>One row per (λ, repetition, quantity), in that order, with each quantity read from the run's outcome.</summary>
    public static TidyTable Build<T>(double[] lambdas, T[,] runs, params (string Kind, string Quantity, Func<T, double> Value)[] quantities)
    {
        var table = new TidyTable("kind", "quantity", "lambda", "rep", "value");
        for (int i = 0; i < lambdas.Length; i++)
            for (int r = 0; r < runs.GetLength(1); r++)
                foreach (var (kind, quantity, value) in quantities)
                    table.Add(kind, quantity, lambdas[i], r, value(runs[i, r]));
        return table;
    }

    /// <summary>
    /// The <paramref name="column"/> (e.g. mean, se) of <paramref name="quantity"/> in a summary grouped by
    /// (kind, quantity, lambda), for λ &gt; 0 (<paramref name="positiveLambda"/>) or for λ = 0, in λ order.
    /// </summary>
    public static double[] Column(TidyTable summary, string quantity, string column, bool positiveLambda) => summary.Rows
        .Where(row => (string)row[1]! == quantity && (Convert.ToDouble(row[2]) > 0) == positiveLambda)
        .Select(row => Convert.ToDouble(row[summary.IndexOf(column)])).ToArray();
}
