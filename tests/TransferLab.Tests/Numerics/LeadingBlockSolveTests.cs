using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

/// <summary>
/// The four-row substitutions behind every Lanczos step of <see cref="LeadingSmallestEigenvalue"/>, against the
/// provider's Cholesky solve of the same leading block, for sizes that leave every remainder of a four-row block.
/// </summary>
public class LeadingBlockSolveTests
{
    [Fact]
    public void SolvesEveryLeadingBlockLikeTheProviderCholesky()
    {
        var a = TestMatrices.RandomSpd(70, new Rng(5), 70);
        var factor = NestedCholesky.Factor(a);
        var b = new Rng(6).Gaussian(70);
        foreach (int n in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 31, 64, 67, 70 })
        {
            var expected = LinearAlgebra.CholeskySolve(TestMatrices.LeadingBlock(a, n), new Matrix(n, 1, b[..n])).Data;
            var x = new double[n];
            LeadingBlockSolve.Solve(factor, n, b.AsSpan(0, n), x);
            // Both are backward stable; A is well conditioned (ridge n on a Wishart matrix), so they agree to ~n·ε·cond.
            Assert.True(Vec.MaxAbsDiff(expected, x) <= 1e-12 * Vec.Norm(expected), $"n = {n}: {Vec.MaxAbsDiff(expected, x):E2}");
        }
    }

    [Fact]
    public void DependsOnTheLeadingBlockOnly()
    {
        var a = TestMatrices.RandomSpd(40, new Rng(7), 40);
        var large = NestedCholesky.Factor(a);
        var small = TestMatrices.LeadingBlock(a, 23);
        var b = new Rng(8).Gaussian(23);
        var fromLarge = new double[23];
        var fromSmall = new double[23];
        LeadingBlockSolve.Solve(large, 23, b, fromLarge);
        LeadingBlockSolve.Solve(NestedCholesky.Factor(small), 23, b, fromSmall);
        for (int i = 0; i < 23; i++) Assert.Equal(BitConverter.DoubleToInt64Bits(fromSmall[i]), BitConverter.DoubleToInt64Bits(fromLarge[i]));
    }
}
