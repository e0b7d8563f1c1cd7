using TransferLab.Experiments;
using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

/// <summary>
/// Seeded runs must be bit-for-bit reproducible, so kernels may not round differently when the same numbers sit at
/// another memory address (OpenBLAS's transposed dgemv and TensorPrimitives' reductions both did, and so did
/// LAPACK's dgesdd / dgelsd / dsyevd through the BLAS kernels they call on the input and the workspaces).
/// </summary>
public class AlignmentReproducibilityTests
{
    [Theory]
    [MemberData(nameof(ProviderAgreementTests.Providers), MemberType = typeof(ProviderAgreementTests))]
    public void GemvIsBitIdenticalAtEveryOffset(ILinearAlgebraProvider p)
    {
        var rng = new Rng(11);
        var a = rng.GaussianMatrix(37, 29);
        var x = Enumerable.Range(0, 37).Select(_ => rng.NextGaussian()).ToArray();
        foreach (var op in new[] { Op.None, Op.Transpose })
        {
            var input = op == Op.None ? x.AsSpan(0, 29).ToArray() : x;
            double[]? reference = null;
            for (int offset = 0; offset < 8; offset++)
            {
                // The same matrix and vector copied to a fresh buffer at a different element offset.
                var buffer = new double[input.Length + 8];
                input.CopyTo(buffer, offset);
                var shifted = new Matrix(a.Rows, a.Cols, (double[])a.Data.Clone());
                var y = new double[op == Op.None ? a.Rows : a.Cols];
                p.Gemv(op, 1.0, shifted, buffer.AsSpan(offset, input.Length), 0.0, y);
                reference ??= y;
                Assert.Equal(reference, y);
            }
        }
    }

    [Fact]
    public void DotIsBitIdenticalAtEveryOffsetAndMatchesPairwiseDefinition()
    {
        var rng = new Rng(12);
        var x = Enumerable.Range(0, 103).Select(_ => rng.NextGaussian()).ToArray();
        var y = Enumerable.Range(0, 103).Select(_ => rng.NextGaussian()).ToArray();
        double exact = 0;
        for (int i = 0; i < x.Length; i++) exact += x[i] * y[i];
        double? reference = null;
        for (int offset = 0; offset < 8; offset++)
        {
            var bx = new double[x.Length + 8];
            var by = new double[y.Length + 8];
            x.CopyTo(bx, offset);
            y.CopyTo(by, 7 - offset);
            double d = Vec.Dot(bx.AsSpan(offset, x.Length), by.AsSpan(7 - offset, y.Length));
            reference ??= d;
            Assert.Equal(reference.Value, d);
            Assert.True(Math.Abs(d - exact) < 1e-12 * x.Length, $"dot {d} vs loop {exact}");
        }
    }

    private const int Repeats = 30;

    /// <summary>
    /// Runs <paramref name="call"/> <see cref="Repeats"/> times, each time on a fresh copy of the input placed after a
    /// small padding array of varying length, so the copy (and everything the provider allocates after it) lands at
    /// addresses that differ by multiples of 8 bytes; every result must be bit-identical to the first.
    /// </summary>
    private static void AssertBitIdenticalOnFreshCopies(double[] input, Func<double[], double[]> call)
    {
        double[]? reference = null;
        var keepAlive = new List<object>();
        for (int rep = 0; rep < Repeats; rep++)
        {
            keepAlive.Add(new double[rep % 8]);
            var copy = (double[])input.Clone();
            var result = call(copy);
            reference ??= result;
            Assert.Equal(reference.Length, result.Length);
            for (int i = 0; i < result.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(reference[i]) == BitConverter.DoubleToInt64Bits(result[i]),
                    $"repeat {rep}, element {i}: {reference[i]:R} vs {result[i]:R}");
        }
        GC.KeepAlive(keepAlive);
    }

    [Theory]
    [MemberData(nameof(ProviderAgreementTests.Providers), MemberType = typeof(ProviderAgreementTests))]
    public void SvdIsBitIdenticalOnRepeatedCalls(ILinearAlgebraProvider p)
    {
        var rng = new Rng(13);
        // Tall and wide (LAPACK takes different paths), sizes odd so columns sit at mixed alignments.
        foreach (var (r, c) in new[] { (61, 37), (37, 61) })
        {
            var a = rng.GaussianMatrix(r, c);
            AssertBitIdenticalOnFreshCopies(a.Data, data =>
            {
                var svd = p.Svd(new Matrix(r, c, data));
                return [.. svd.S, .. svd.U.Data, .. svd.Vt.Data];
            });
        }
    }

    [Theory]
    [MemberData(nameof(ProviderAgreementTests.Providers), MemberType = typeof(ProviderAgreementTests))]
    public void LeastSquaresIsBitIdenticalOnRepeatedCalls(ILinearAlgebraProvider p)
    {
        var rng = new Rng(14);
        foreach (var (r, c) in new[] { (71, 43), (43, 71) })
        {
            var a = rng.GaussianMatrix(r, c);
            var b = rng.Gaussian(r);
            // Matrix and right-hand side travel together so both land at varying addresses.
            AssertBitIdenticalOnFreshCopies([.. a.Data, .. b], data =>
                p.LeastSquares(new Matrix(r, c, data[..(r * c)]), data.AsSpan(r * c)));
        }
    }

    [Theory]
    [MemberData(nameof(ProviderAgreementTests.Providers), MemberType = typeof(ProviderAgreementTests))]
    public void SymmetricEigenIsBitIdenticalOnRepeatedCalls(ILinearAlgebraProvider p)
    {
        var rng = new Rng(15);
        // n > 25 so dsyevd takes its divide-and-conquer path.
        int n = 57;
        var g = rng.GaussianMatrix(n, n + 3);
        var a = LinearAlgebra.RowGram(g);
        AssertBitIdenticalOnFreshCopies(a.Data, data =>
        {
            var e = p.SymmetricEigen(new Matrix(n, n, data));
            return [.. e.Values, .. e.Vectors.Data];
        });
    }

    [Theory]
    [MemberData(nameof(ProviderAgreementTests.Providers), MemberType = typeof(ProviderAgreementTests))]
    public void CholeskySolveIsBitIdenticalOnRepeatedCalls(ILinearAlgebraProvider p)
    {
        var rng = new Rng(16);
        // Small (unblocked dpotf2) and large (blocked) factorizations, odd sizes, several right-hand sides.
        foreach (int n in new[] { 23, 157 })
        {
            var a = LinearAlgebra.RowGram(rng.GaussianMatrix(n, n + 5));
            var b = rng.GaussianMatrix(n, 3);
            AssertBitIdenticalOnFreshCopies([.. a.Data, .. b.Data], data =>
                p.CholeskySolve(new Matrix(n, n, data[..(n * n)]), new Matrix(n, 3, data[(n * n)..])).Data);
        }
    }

    [Fact]
    public void QuickFigureCsvIsByteIdenticalForOneAndTwoThreads()
    {
        // A small figure whose runs go through least squares, SVD and eigendecompositions on the default provider.
        var figure = FigureCatalogue.Find("shachaf-linear-anisotropic")!;
        string root = Path.Combine(Path.GetTempPath(), "tl-repro-" + Guid.NewGuid().ToString("N"));
        try
        {
            string one = Path.Combine(root, "t1"), two = Path.Combine(root, "t2");
            FigureRunner.Run(figure, quick: true, one, seed: 1, threads: 1);
            FigureRunner.Run(figure, quick: true, two, seed: 1, threads: 2);
            var csvs = Directory.GetFiles(one, "*.csv").Select(Path.GetFileName).Order().ToList();
            Assert.NotEmpty(csvs);
            Assert.Equal(csvs, Directory.GetFiles(two, "*.csv").Select(Path.GetFileName).Order().ToList());
            foreach (var f in csvs)
                Assert.True(File.ReadAllBytes(Path.Combine(one, f!)).SequenceEqual(File.ReadAllBytes(Path.Combine(two, f!))),
                    $"{f} differs between --threads 1 and 2");
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, true);
        }
    }
}
