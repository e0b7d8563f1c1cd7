using TransferLab.Numerics;

namespace TransferLab.Tests.Numerics;

/// <summary>
/// Seeded runs must be bit-for-bit reproducible, so kernels may not round differently when the same numbers sit at
/// another memory address (OpenBLAS's transposed dgemv and TensorPrimitives' reductions both did).
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
}
