namespace TransferLab.Numerics;

/// <summary>
/// Minimum-cost perfect matching of a square cost matrix (the linear assignment problem), by the Hungarian
/// method with row/column potentials and shortest augmenting paths (Kuhn 1955, Munkres 1957; the O(n³) form of
/// Jonker &amp; Volgenant 1987 without their initialisation heuristics).
/// </summary>
public static class OptimalAssignment
{
    /// <summary>
    /// Returns π with π[i] the column assigned to row i, minimising Σ_i cost[i, π(i)]. Costs must be finite.
    /// O(n³) time, O(n) extra memory besides the matrix.
    /// </summary>
    public static int[] Solve(Matrix cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        if (cost.Rows != cost.Cols) throw new ArgumentException($"cost must be square, got {cost.Rows}×{cost.Cols}", nameof(cost));
        int n = cost.Rows;
        foreach (double c in cost.Data)
            if (!double.IsFinite(c)) throw new ArgumentException("costs must be finite", nameof(cost));
        // 1-based arrays as in the classical formulation; column 0 is a virtual start.
        var u = new double[n + 1];
        var v = new double[n + 1];
        var match = new int[n + 1];   // match[j] = row matched to column j (0 = free)
        var way = new int[n + 1];
        var minv = new double[n + 1];
        var used = new bool[n + 1];
        for (int i = 1; i <= n; i++)
        {
            match[0] = i;
            int j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Fill(used, false);
            do
            {
                used[j0] = true;
                int i0 = match[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                var row = cost.Row(i0 - 1);
                for (int j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    double cur = row[j - 1] - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (int j = 0; j <= n; j++)
                {
                    if (used[j]) { u[match[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (match[j0] != 0);
            do
            {
                int j1 = way[j0];
                match[j0] = match[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        var assignment = new int[n];
        for (int j = 1; j <= n; j++) assignment[match[j] - 1] = j - 1;
        return assignment;
    }

    /// <summary>
    /// Wasserstein-1 distance between two empirical measures with the same number m of equally weighted points
    /// (rows of <paramref name="a"/> and <paramref name="b"/>), Euclidean ground cost: min over matchings π of
    /// (1/m) Σ_i ‖a_i − b_π(i)‖ (for uniform weights an optimal transport plan can be taken to be a permutation, Birkhoff).
    /// </summary>
    public static double EmpiricalWasserstein1(Matrix a, Matrix b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rows != b.Rows || a.Cols != b.Cols)
            throw new ArgumentException($"samples must have the same shape, got {a.Rows}×{a.Cols} and {b.Rows}×{b.Cols}");
        int m = a.Rows;
        if (m == 0) return 0;
        // ‖a_i − b_j‖² = ‖a_i‖² + ‖b_j‖² − 2a_i·b_j with one GEMM for the inner products.
        var cross = LinearAlgebra.Multiply(a, b, Op.None, Op.Transpose);
        var na = new double[m];
        var nb = new double[m];
        for (int i = 0; i < m; i++) { na[i] = Vec.NormSquared(a.Row(i)); nb[i] = Vec.NormSquared(b.Row(i)); }
        var cost = new Matrix(m, m);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                cost[i, j] = Math.Sqrt(Math.Max(0, na[i] + nb[j] - 2 * cross[i, j]));
        var pi = Solve(cost);
        double total = 0;
        for (int i = 0; i < m; i++) total += cost[i, pi[i]];
        return total / m;
    }
}
