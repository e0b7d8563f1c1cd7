using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

/// <summary>The Hungarian assignment solver and the empirical W₁ built on it, against brute force and the 1-D closed form.</summary>
public class OptimalAssignmentTests
{
    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (int i = 0; i < items.Length; i++)
            foreach (var rest in Permutations(items.Where((_, k) => k != i).ToArray()))
                yield return [items[i], .. rest];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void MatchesBruteForceOnRandomMatrices(ulong seed)
    {
        var rng = new Rng(seed);
        foreach (int n in new[] { 1, 2, 5, 7 })
        {
            var cost = rng.GaussianMatrix(n, n);
            if (seed == 4) for (int i = 0; i < cost.Data.Length; i++) cost.Data[i] = Math.Round(cost.Data[i]); // ties
            var pi = OptimalAssignment.Solve(cost);
            Assert.Equal(Enumerable.Range(0, n), pi.OrderBy(j => j));
            double best = Permutations(Enumerable.Range(0, n).ToArray()).Min(p => p.Select((j, i) => cost[i, j]).Sum());
            Assert.Equal(best, pi.Select((j, i) => cost[i, j]).Sum(), 10);
        }
    }

    [Fact]
    public void OneDimensionalW1IsTheSortedMatching()
    {
        // In one dimension the optimal coupling of two equal-size empirical laws pairs order statistics.
        var rng = new Rng(8);
        var a = rng.GaussianMatrix(40, 1);
        var b = rng.GaussianMatrix(40, 1);
        for (int i = 0; i < 40; i++) b.Data[i] = 0.5 + 2 * b.Data[i];
        var sa = a.Data.OrderBy(v => v).ToArray();
        var sb = b.Data.OrderBy(v => v).ToArray();
        double sorted = sa.Zip(sb, (x, y) => Math.Abs(x - y)).Average();
        Assert.Equal(sorted, OptimalAssignment.EmpiricalWasserstein1(a, b), 10);
    }

    [Fact]
    public void W1IsZeroForAPermutedCopyAndSymmetric()
    {
        var rng = new Rng(9);
        var a = rng.GaussianMatrix(12, 3);
        var b = new Matrix(12, 3);
        for (int i = 0; i < 12; i++) a.Row((i * 5) % 12).CopyTo(b.Row(i));
        Assert.Equal(0.0, OptimalAssignment.EmpiricalWasserstein1(a, b), 6);
        var c = rng.GaussianMatrix(12, 3);
        Assert.Equal(OptimalAssignment.EmpiricalWasserstein1(a, c), OptimalAssignment.EmpiricalWasserstein1(c, a), 10);
    }
}
