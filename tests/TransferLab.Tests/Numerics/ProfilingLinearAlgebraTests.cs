using TransferLab.Experiments;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;
using TransferLab.Tests.Models;

namespace TransferLab.Tests.Numerics;

/// <summary>
/// The phase profiler (docs/benchmarks.md, "Profile of the paper-size figures") counts exactly the calls it forwards
/// and changes no result: every kernel's output through the wrapper equals the wrapped provider's bit for bit.
/// </summary>
public class ProfilingLinearAlgebraTests
{
    [Fact]
    public void CountsAKnownWorkloadExactly()
    {
        var p = new ProfilingLinearAlgebra(new ManagedLinearAlgebra());
        var rng = new Rng(3);
        var a = rng.GaussianMatrix(6, 4);
        var c = new Matrix(4, 4);
        var y = new double[6];
        for (int i = 0; i < 17; i++) p.Gemm(Op.Transpose, Op.None, 1.0, a, a, 0.0, c);
        for (int i = 0; i < 5; i++) p.Gemv(Op.None, 1.0, a, new double[4], 0.0, y);
        var gram = p.Syrk(Op.Transpose, 1.0, a);
        p.CholeskySolve(gram, Matrix.Identity(4));
        p.SymmetricEigen(gram);
        p.Svd(a);
        p.Svd(a);
        p.LeastSquares(a, y);
        var factor = gram.Clone();
        p.CholeskyFactorInPlace(factor);
        for (int i = 0; i < 3; i++) p.CholeskySolveFactored(factor, new double[4]);
        var counts = p.Snapshot().ToDictionary(k => k.Kernel, k => k.Calls);
        Assert.Equal(17, counts["gemm"]);
        Assert.Equal(5, counts["gemv"]);
        Assert.Equal(1, counts["syrk"]);
        Assert.Equal(1, counts["cholesky-solve"]);
        Assert.Equal(1, counts["symmetric-eigen"]);
        Assert.Equal(2, counts["svd"]);
        Assert.Equal(1, counts["least-squares"]);
        Assert.Equal(1, counts["cholesky-factor"]);
        Assert.Equal(3, counts["cholesky-solve-factored"]);
        Assert.All(p.Snapshot(), k => Assert.True(k.Seconds >= 0));
    }

    [Fact]
    public void CountsTheOperationsOfTheBlasKernelsByTheirDefinitions()
    {
        // Non-square shapes with every dimension distinct, so a swapped m, n or k shows. The expected counts are the
        // multiply–adds of each kernel's defining loop (one multiply and one add each): C_ij = Σ_l op(A)_il op(B)_lj for
        // every (i, j) of C; y_i = Σ_j A_ij x_j; and only the upper half (i ≤ j) of the symmetric op(A)·op(A)ᵀ.
        var p = new ProfilingLinearAlgebra(new ManagedLinearAlgebra());
        var rng = new Rng(4);
        var a = rng.GaussianMatrix(7, 5);   // op = ᵀ: 5×7
        var b = rng.GaussianMatrix(7, 3);   // 7×3
        var c = new Matrix(5, 3);
        p.Gemm(Op.Transpose, Op.None, 1.0, a, b, 0.0, c);
        p.Gemm(Op.Transpose, Op.None, 1.0, a, b, 1.0, c);
        p.Gemv(Op.Transpose, 1.0, a, new double[7], 0.0, new double[5]);
        p.Syrk(Op.None, 1.0, a);           // 7×7 from rows of length 5
        p.Svd(a);
        long MultiplyAdds(int rows, int cols, int inner, bool upperHalfOnly)
        {
            long count = 0;
            for (int i = 0; i < rows; i++)
                for (int j = upperHalfOnly ? i : 0; j < cols; j++)
                    count += inner;
            return count;
        }
        var flops = p.Snapshot().ToDictionary(k => k.Kernel, k => k.Flops);
        Assert.Equal(2 * 2 * MultiplyAdds(5, 3, 7, false), flops["gemm"]);
        Assert.Equal(2 * MultiplyAdds(5, 1, 7, false), flops["gemv"]);
        Assert.Equal(2 * MultiplyAdds(7, 7, 5, true), flops["syrk"]);
        Assert.Equal(0, flops["svd"]);
        var gemm = p.Snapshot().Single(k => k.Kernel == "gemm");
        Assert.True(gemm.Seconds > 0);
        Assert.Equal(gemm.Flops / gemm.Seconds / 1e9, gemm.GigaflopsPerSecond!.Value, 12);
        Assert.Null(p.Snapshot().Single(k => k.Kernel == "svd").GigaflopsPerSecond);
    }

    [Theory]
    [MemberData(nameof(ProviderAgreementTests.Providers), MemberType = typeof(ProviderAgreementTests))]
    public void ResultsAreBitIdenticalToTheWrappedProvider(ILinearAlgebraProvider inner)
    {
        var wrapped = new ProfilingLinearAlgebra(inner);
        var rng = new Rng(5);
        var a = rng.GaussianMatrix(9, 5);
        var b = rng.GaussianMatrix(9, 3);
        var x = Enumerable.Range(0, 5).Select(_ => rng.NextGaussian()).ToArray();
        var rhs = Enumerable.Range(0, 9).Select(_ => rng.NextGaussian()).ToArray();
        Matrix Gemm(ILinearAlgebraProvider p) { var c = new Matrix(5, 3); p.Gemm(Op.Transpose, Op.None, 0.7, a, b, 0.0, c); return c; }
        double[] Gemv(ILinearAlgebraProvider p) { var y = new double[9]; p.Gemv(Op.None, 1.3, a, x, 0.0, y); return y; }
        Assert.Equal(Gemm(inner).Data, Gemm(wrapped).Data);
        Assert.Equal(Gemv(inner), Gemv(wrapped));
        var gram = inner.Syrk(Op.Transpose, 1.0, a);
        Assert.Equal(gram.Data, wrapped.Syrk(Op.Transpose, 1.0, a).Data);
        var right = rng.GaussianMatrix(5, 2);
        Assert.Equal(inner.CholeskySolve(gram, right).Data, wrapped.CholeskySolve(gram, right).Data);
        Assert.Equal(inner.SymmetricEigen(gram).Values, wrapped.SymmetricEigen(gram).Values);
        Assert.Equal(inner.Svd(a).S, wrapped.Svd(a).S);
        Assert.Equal(inner.LeastSquares(a, rhs), wrapped.LeastSquares(a, rhs));
        var (f1, f2) = (gram.Clone(), gram.Clone());
        inner.CholeskyFactorInPlace(f1);
        wrapped.CholeskyFactorInPlace(f2);
        Assert.Equal(f1.Data, f2.Data);
        var (s1, s2) = (x.ToArray(), x.ToArray());
        inner.CholeskySolveFactored(f1, s1);
        wrapped.CholeskySolveFactored(f1, s2);
        Assert.Equal(s1, s2);
        Assert.Equal(inner.Name, wrapped.Name);
    }

    [Fact]
    public void PhaseProfileReportsTheKernelCallsOfItsInterval()
    {
        var p = new ProfilingLinearAlgebra(new ManagedLinearAlgebra());
        var a = new Rng(1).GaussianMatrix(4, 4);
        p.Svd(a); // before the interval: not counted
        var profile = PhaseProfile.Start(p);
        var c = new Matrix(4, 4);
        for (int i = 0; i < 3; i++) p.Gemm(Op.None, Op.None, 1.0, a, a, 0.0, c);
        string table = profile.Finish("test");
        Assert.Contains("| gemm | 3 |", table);
        // 3 GEMMs of 4×4×4: 3·2·64 = 384 operations = 0.0 GFLOP at one decimal; the rate column is filled (a number,
        // which rounds to 0.0 at this size).
        var gemmRow = table.Split('\n').Single(l => l.StartsWith("| gemm |", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal("0.0", gemmRow[5]);
        Assert.True(double.Parse(gemmRow[6], System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.Equal("", table.Split('\n').Single(l => l.StartsWith("| GC pauses |", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries)[6]);
        Assert.DoesNotContain("| svd |", table);
        Assert.Contains("| GC pauses |", table);
    }

    [Fact]
    public void DeepLinearTrainingWithReusedBuffersMatchesAnAllocatingReference()
    {
        // Independent re-implementation of the documented update W_l ← W_l − η u_l b_lᵀ, allocating per step.
        var rng = new Rng(9);
        int d = 6, n = 4, depth = 3;
        var x = rng.GaussianMatrix(n, d);
        var y = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        var source = Enumerable.Range(0, d).Select(_ => rng.NextGaussian()).ToArray();
        var start = DeepLinearNetworkInit.BalancedRankOne(source, depth, null, rng);
        var loss = new EmpiricalSquaredLoss(x, y);
        const int steps = 50;
        var r = DeepLinearGradientFlow.Train(start, loss, new DeepLinearTrainingOptions(0.01, steps, 0, 0));
        var w = start.Clone().Layers.Select(m => m.Clone()).ToArray();
        for (int s = 0; s < steps; s++) ReferenceDeepLinearStep.Apply(w, loss, 0.01);
        for (int l = 0; l < depth; l++) Assert.Equal(w[l].Data, r.Network.Layers[l].Data);
    }
}
