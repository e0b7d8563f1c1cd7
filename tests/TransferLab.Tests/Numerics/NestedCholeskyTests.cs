using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

/// <summary>
/// The nested Cholesky factor and λ_min of a leading block by inverse Lanczos, each against an independent computation:
/// the factor of every leading block computed on its own, LLᵀ = A, the provider's Cholesky solve, and the dense
/// eigendecomposition of each leading block.
/// </summary>
public class NestedCholeskyTests
{
    [Fact]
    public void LeadingBlockOfTheFactorIsTheFactorOfTheLeadingBlockBitForBit()
    {
        var a = TestMatrices.RandomSpd(41, new Rng(3), 1.0);
        var l = NestedCholesky.Factor(a);
        foreach (int k in new[] { 1, 2, 7, 16, 40 })
        {
            var lk = NestedCholesky.Factor(TestMatrices.LeadingBlock(a, k));
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++) Assert.Equal(BitConverter.DoubleToInt64Bits(l[i, j]), BitConverter.DoubleToInt64Bits(lk[i, j]));
        }
    }

    [Fact]
    public void FactorIsLowerTriangularAndReproducesTheMatrix()
    {
        var a = TestMatrices.RandomSpd(30, new Rng(5), 0.5);
        var l = NestedCholesky.Factor(a);
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 30; j++)
            {
                if (j > i) Assert.Equal(0.0, l[i, j]);
                double s = 0;
                for (int p = 0; p < 30; p++) s += l[i, p] * l[j, p];
                Assert.Equal(a[i, j], s, 1e-10 * a[i, i]);
            }
    }

    [Fact]
    public void PrefixSquaredNormsAreTheQuadraticFormsOfEveryLeadingBlock()
    {
        var a = TestMatrices.RandomSpd(25, new Rng(8), 2.0);
        var b = new Rng(9).Gaussian(25);
        var s = NestedCholesky.PrefixSquaredNorms(NestedCholesky.ForwardSubstitute(NestedCholesky.Factor(a), b));
        Assert.Equal(0.0, s[0]);
        foreach (int k in new[] { 1, 4, 13, 25 })
        {
            var x = LinearAlgebra.CholeskySolve(TestMatrices.LeadingBlock(a, k), new Matrix(k, 1, b[..k]));
            double q = Vec.Dot(b.AsSpan(0, k), x.Data);
            Assert.Equal(q, s[k], 1e-11 * q);
        }
    }

    [Fact]
    public void IndefiniteMatrixIsRejected()
    {
        var a = TestMatrices.RandomSpd(6, new Rng(2), 1.0);
        a[4, 4] = -1;
        Assert.Throws<NotPositiveDefiniteException>(() => NestedCholesky.Factor(a));
    }

    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// Tolerance of λ_min: the Lanczos stopping rule's relative 1e-12 plus what any backward-stable method may differ by,
    /// a few n·ε·‖A‖₂ (both this and the dense solver are exact for a matrix within that of A).
    /// </summary>
    private static void AssertSmallestEigenvalue(Matrix a, Matrix factor, int k)
    {
        var eig = LinearAlgebra.Eigen(TestMatrices.LeadingBlock(a, k)).Values;
        double lambda = LeadingSmallestEigenvalue.Of(factor, k);
        double tolerance = LeadingSmallestEigenvalue.Tolerance * eig[0] + 10 * k * MachineEpsilon * eig[^1];
        Assert.True(Math.Abs(lambda - eig[0]) <= tolerance, $"k = {k}: Lanczos {lambda:R} vs dense {eig[0]:R} (tolerance {tolerance:E2})");
    }

    [Fact]
    public void SmallestEigenvalueOfEveryLeadingBlockMatchesTheDenseEigendecomposition()
    {
        var a = TestMatrices.RandomSpd(90, new Rng(11), 1e-3);
        var l = NestedCholesky.Factor(a);
        foreach (int k in new[] { 1, 2, 3, 4, 5, 10, 33, 60, 87, 90 }) AssertSmallestEigenvalue(a, l, k);
    }

    [Fact]
    public void SmallestEigenvalueIsFoundInAClusterAndForARepeatedOne()
    {
        // Diagonal spectrum in a random orthogonal basis: a cluster 1, 1 + 1e-6, 1 + 2e-6 at the bottom, then a repeated
        // eigenvalue 1 (twice) in the second matrix, then a near-double bottom pair 1, 1 + 1e-12 under 38 eigenvalues
        // spread over [2, 50] (the case where the Ritz values of consecutive steps agree to rounding); λ_min = 1 in all.
        var wide = new[] { 1, 1 + 1e-12 }.Concat(Enumerable.Range(0, 38).Select(i => 2 + 48.0 * i / 37)).ToArray();
        foreach (var spectrum in new[] { new[] { 1, 1 + 1e-6, 1 + 2e-6, 5, 20, 100, 400 }, new[] { 1.0, 1.0, 3, 9, 27, 81 }, wide })
        {
            int n = spectrum.Length;
            var q = LinearAlgebra.Eigen(TestMatrices.RandomSpd(n, new Rng((ulong)n), 1.0)).Vectors;
            var a = new Matrix(n, n);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < n; p++) s += q[i, p] * spectrum[p] * q[j, p];
                    a[i, j] = s;
                }
            Assert.Equal(1.0, LeadingSmallestEigenvalue.Of(NestedCholesky.Factor(a), n), 1e-11);
        }
    }
}
