using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Tests.Tahir2024;

public class ReluKernelAlignmentTests
{
    // Centred features Φ_c (n×k) of the neurons (rows of w) on inputs x, by explicit loops (no BLAS).
    private static double[,] CenteredFeatures(Matrix w, Matrix x)
    {
        int n = x.Rows, k = w.Rows;
        var phi = new double[n, k];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < k; r++)
            {
                double h = 0;
                for (int j = 0; j < x.Cols; j++) h += w[r, j] * x[i, j];
                phi[i, r] = Math.Max(0, h);
            }
        for (int r = 0; r < k; r++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += phi[i, r] / n;
            for (int i = 0; i < n; i++) phi[i, r] -= mean;
        }
        return phi;
    }

    // ‖AᵀB‖²_F for column blocks A (n×p), B (n×q).
    private static double CrossFrobeniusSquared(double[,] a, double[,] b)
    {
        double s = 0;
        for (int p = 0; p < a.GetLength(1); p++)
            for (int q = 0; q < b.GetLength(1); q++)
            {
                double c = 0;
                for (int i = 0; i < a.GetLength(0); i++) c += a[i, p] * b[i, q];
                s += c * c;
            }
        return s;
    }

    // CKA in feature space: ⟨HK_AH, HK_BH⟩ = ‖Φ_AcᵀΦ_Bc‖²_F (K = ΦΦᵀ), so no n×n matrix is formed.
    private static double FeatureSpaceCka(Matrix wa, Matrix wb, Matrix x)
    {
        var a = CenteredFeatures(wa, x);
        var b = CenteredFeatures(wb, x);
        return CrossFrobeniusSquared(a, b) / Math.Sqrt(CrossFrobeniusSquared(a, a) * CrossFrobeniusSquared(b, b));
    }

    [Fact]
    public void ProbeGramAlignmentEqualsTheFeatureSpaceFormula()
    {
        // Independent path for Centered(FeatureGram, FeatureGram): explicit centring of the features instead of H K H.
        var rng = new Rng(41);
        var wa = rng.GaussianMatrix(7, 4);
        var wb = rng.GaussianMatrix(3, 4);
        var x = rng.GaussianMatrix(25, 4);
        double viaGram = ReluKernelAlignment.Centered(ReluKernelAlignment.FeatureGram(wa, x), ReluKernelAlignment.FeatureGram(wb, x));
        Assert.Equal(FeatureSpaceCka(wa, wb, x), viaGram, 12);
        Assert.InRange(viaGram, 0.0, 1.0);
    }

    [Fact]
    public void ExactAlignmentMatchesMonteCarlo()
    {
        // The exact L² alignment (arc-cosine algebra) against the feature-space CKA on 40 000 Gaussian inputs, for weight sets
        // with unequal norms (the student's neurons are not unit vectors). Sampling error of the estimate is O(1/√n) ≈ 0.005.
        var rng = new Rng(42);
        int d = 6;
        var wa = rng.GaussianMatrix(12, d, 0.7);
        var wb = rng.GaussianMatrix(4, d);
        var x = rng.GaussianMatrix(40000, d);
        double exact = ReluKernelAlignment.Population(wa, wb);
        double mc = FeatureSpaceCka(wa, wb, x);
        Assert.True(exact > 0.05 && exact < 0.95, $"degenerate case: {exact}");
        Assert.True(Math.Abs(exact - mc) < 0.02, $"exact {exact} vs Monte Carlo {mc}");
    }

    [Fact]
    public void ExactCovarianceMatchesMonteCarlo()
    {
        var rng = new Rng(43);
        var w = rng.GaussianMatrix(3, 5);
        var x = rng.GaussianMatrix(100000, 5);
        var c = ReluKernelAlignment.FeatureCrossCovariance(w, w);
        var phi = CenteredFeatures(w, x);
        for (int p = 0; p < 3; p++)
            for (int q = 0; q < 3; q++)
            {
                double mc = 0;
                for (int i = 0; i < x.Rows; i++) mc += phi[i, p] * phi[i, q] / x.Rows;
                Assert.True(Math.Abs(mc - c[p, q]) < 0.03 * Math.Sqrt(c[p, p] * c[q, q]), $"({p},{q}): {mc} vs {c[p, q]}");
            }
    }

    [Fact]
    public void AlignmentIsOneForTheSameFeatureSpaceUpToNeuronScalesAndOrder()
    {
        // Scaling every neuron by the same c > 0 scales the kernel by c²; permuting neurons leaves it unchanged.
        var rng = new Rng(44);
        var w = rng.GaussianMatrix(5, 4);
        var scaled = new Matrix(5, 4);
        for (int r = 0; r < 5; r++)
            for (int j = 0; j < 4; j++) scaled[(r + 2) % 5, j] = 3.0 * w[r, j];
        Assert.Equal(1.0, ReluKernelAlignment.Population(w, scaled), 12);
        var x = rng.GaussianMatrix(30, 4);
        Assert.Equal(1.0, ReluKernelAlignment.Centered(ReluKernelAlignment.FeatureGram(w, x), ReluKernelAlignment.FeatureGram(scaled, x)), 12);
        // Unrelated neurons are less aligned.
        Assert.True(ReluKernelAlignment.Population(w, rng.GaussianMatrix(5, 4)) < 0.999);
    }
}
