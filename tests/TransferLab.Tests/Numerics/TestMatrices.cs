using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

/// <summary>Test matrices shared by the factorization and solver tests.</summary>
internal static class TestMatrices
{
    /// <summary>G Gᵀ + ridge·I for an n×n matrix G of i.i.d. N(0, 1) entries from <paramref name="rng"/> (symmetric positive definite for ridge &gt; 0).</summary>
    public static Matrix RandomSpd(int n, Rng rng, double ridge)
    {
        var g = new Matrix(n, n);
        rng.FillGaussian(g.Data);
        var a = new Matrix(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = i == j ? ridge : 0;
                for (int k = 0; k < n; k++) s += g[i, k] * g[j, k];
                a[i, j] = s;
            }
        return a;
    }

    /// <summary>The leading n×n block of <paramref name="a"/>, as a new matrix.</summary>
    public static Matrix LeadingBlock(Matrix a, int n)
    {
        var b = new Matrix(n, n);
        for (int i = 0; i < n; i++) a.Row(i)[..n].CopyTo(b.Row(i));
        return b;
    }
}
