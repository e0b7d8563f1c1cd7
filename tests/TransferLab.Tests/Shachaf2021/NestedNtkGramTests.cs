using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Tests.Numerics;
using TransferLab.Theory.Shachaf2021;

namespace TransferLab.Tests.Shachaf2021;

/// <summary>
/// The nested NTK Gram behind the relu-ntk theory and its curves, against the dense route it replaced: the GEMM-built
/// Gram of each leading sample, its dense eigendecomposition and the provider's Cholesky solve.
/// </summary>
public class NestedNtkGramTests
{
    private static Matrix LeadingRows(Matrix x, int n)
    {
        var m = new Matrix(n, x.Cols);
        Array.Copy(x.Data, m.Data, n * x.Cols);
        return m;
    }

    /// <summary>
    /// The Gram equals the GEMM-built one up to the sensitivity of arccos near 1: on the diagonal xᵀx = 1 ± ε turns into an
    /// angle of up to √(2ε) ≈ 2e-8, so entries may differ by ~1e-8 relative. λ_min and the quadratic forms are therefore
    /// checked on the nested Gram's own leading blocks, by the dense eigendecomposition and the provider's Cholesky solve.
    /// </summary>
    [Theory]
    [InlineData(NtkLayers.FirstLayer)]
    [InlineData(NtkLayers.BothLayers)]
    public void EveryLeadingSampleMatchesTheDenseComputation(NtkLayers layers)
    {
        // 150 rows: above the size from which the Gram's rows are built in parallel.
        var x = ReluInputs.Sphere(150, 7, new Rng(21));
        var r = new Rng(22).Gaussian(150);
        var nested = new NestedNtkGram(x, layers);
        var gemm = ReluNtk.Gram(x, layers);
        for (int i = 0; i < 150; i++)
            for (int j = 0; j < 150; j++) Assert.Equal(gemm[i, j], nested.Gram[i, j], 1e-7 * Math.Abs(gemm[i, i]));
        foreach (int n in new[] { 1, 2, 9, 50, 123, 150 })
        {
            var block = TestMatrices.LeadingBlock(nested.Gram, n);
            var eig = LinearAlgebra.Eigen(block).Values;
            double lambda = nested.SmallestEigenvalue(n);
            double tolerance = LeadingSmallestEigenvalue.Tolerance * eig[0] + 10 * n * 2.220446049250313e-16 * eig[^1];
            Assert.True(Math.Abs(lambda - eig[0]) <= tolerance, $"n = {n}: λ_min {lambda:R} vs dense {eig[0]:R}");
            var solved = LinearAlgebra.CholeskySolve(block, new Matrix(n, 1, r[..n]));
            double expected = Vec.Dot(r.AsSpan(0, n), solved.Data);
            Assert.Equal(expected, nested.QuadraticForm(r.AsSpan(0, n)), 1e-10 * expected);
        }
    }

    [Fact]
    public void GramOfALeadingSampleIsTheLeadingBlockBitForBit()
    {
        // 17 rows build the Gram on one thread, 140 and 200 in parallel: the bits may not depend on the schedule.
        var x = ReluInputs.Sphere(200, 5, new Rng(4));
        var full = new NestedNtkGram(x, NtkLayers.BothLayers);
        foreach (int n in new[] { 17, 140 })
        {
            var part = new NestedNtkGram(LeadingRows(x, n), NtkLayers.BothLayers);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(full.Gram[i, j]), BitConverter.DoubleToInt64Bits(part.Gram[i, j]));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(full.Factor[i, j]), BitConverter.DoubleToInt64Bits(part.Factor[i, j]));
                }
            Assert.Equal(BitConverter.DoubleToInt64Bits(full.SmallestEigenvalue(n)), BitConverter.DoubleToInt64Bits(part.SmallestEigenvalue(n)));
        }
    }

    [Fact]
    public void DuplicateInputsAreRejected()
    {
        var x = ReluInputs.Sphere(6, 4, new Rng(1));
        x.Row(2).CopyTo(x.Row(5));
        Assert.Throws<TransferLab.Validation.ParameterException>(() => new NestedNtkGram(x, NtkLayers.FirstLayer));
    }
}
