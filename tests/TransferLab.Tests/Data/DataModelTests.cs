using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Tests.Data;

public class DataModelTests
{
    [Fact]
    public void SampledCovarianceMatchesSigmaWithinStandardErrors()
    {
        var rng = new Rng(1);
        var cov = CovarianceModel.PowerLaw(6, 1.0, 2.0).Rotated(rng);
        const int n = 40_000;
        var x = cov.Sample(n, rng);
        var emp = LinearAlgebra.Gram(x);
        var sigma = cov.ToMatrix();
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
            {
                double e = emp[i, j] / n;
                // Var(x_i x_j) = Σ_ii Σ_jj + Σ_ij² for Gaussian x.
                double se = Math.Sqrt((sigma[i, i] * sigma[j, j] + sigma[i, j] * sigma[i, j]) / n);
                Assert.True(Math.Abs(e - sigma[i, j]) < 5 * se, $"({i},{j}) {e} vs {sigma[i, j]}");
            }
    }

    [Fact]
    public void RotatedBasisIsOrthogonalAndNormsAgreeWithDenseSigma()
    {
        var rng = new Rng(2);
        var cov = CovarianceModel.Spiked(8, 2, 10.0).Rotated(rng);
        var vtv = LinearAlgebra.Multiply(cov.Basis!, cov.Basis!, Op.Transpose);
        Assert.True(vtv.MaxAbsDiff(Matrix.Identity(8)) < 1e-12);
        var v = rng.Gaussian(8);
        Assert.Equal(Vec.QuadraticForm(cov.ToMatrix(), v), cov.Norm2(v), 10);
    }

    [Fact]
    public void TeacherPairsHaveTheRequestedGeometry()
    {
        var rng = new Rng(3);
        var a = LinearTeacherPair.AtAngle(50, 1.1, 2.0, 3.0, rng);
        Assert.Equal(Math.Cos(1.1), a.Cosine, 12);
        Assert.Equal(2.0, Vec.Norm(a.Source), 12);
        Assert.Equal(3.0, Vec.Norm(a.Target), 12);
        var c = LinearTeacherPair.ScaledNoisyCopy(50, 2.0, 0.0, rng);
        Assert.True(Vec.MaxAbsDiff(c.Target, Vec.Scaled(c.Source, 2.0)) < 1e-15);
        var cov = CovarianceModel.PowerLaw(30, 1.0).Rotated(rng);
        var e = LinearTeacherPair.DifferenceInEigendirections(cov, 5, 10, 0.7, rng);
        var wEig = cov.ToEigenbasis(e.Difference);
        Assert.Equal(0.7, Vec.Norm(wEig), 10);
        for (int i = 0; i < 30; i++) if (i < 5 || i >= 10) Assert.True(Math.Abs(wEig[i]) < 1e-12);
    }

    [Fact]
    public void BadParametersNameThemselvesAndTheRange()
    {
        var e1 = Assert.Throws<ParameterException>(() => CovarianceModel.FromSpectrum([1.0, 2.0], expectedDimension: 3));
        Assert.Contains("eigenvalues", e1.Message);
        Assert.Equal("eigenvalues", e1.Parameter);
        Assert.Contains("expected 3", e1.Message);
        var e2 = Assert.Throws<ParameterException>(() => LinearTask.Create(CovarianceModel.Isotropic(3), LinearTeacherPair.FromVectors([1, 0, 0], [0, 1, 0]), -0.1));
        Assert.Equal("sigma = -0.1: must be ≥ 0", e2.Message);
        Assert.Throws<ParameterException>(() => CovarianceModel.PowerLaw(0, 1.0));
    }
}
