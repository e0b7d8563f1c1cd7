using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Validation;

namespace TransferLab.Theory.Tahir2024;

/// <summary>
/// Centred kernel alignment (CKA; Cortes, Mohri &amp; Rostamizadeh 2012, Kornblith et al. 2019) between the feature kernels of
/// two sets of ReLU neurons, for the comparison of Tahir et al. 2024 Fig. 3(a–b) ([V-sec]: the pretrained student's Gram
/// matrix next to the source teacher's; what exactly is plotted is [U], this is TransferLab's reconstruction).
/// A set of neurons with weight rows w_r defines the feature kernel K(x, x') = Σ_r φ_r(x)φ_r(x') with φ_r(x) = ReLU(w_rᵀx)
/// (the hidden representation linear transfer refits; readout weights are not included). Two quantities:
/// <list type="bullet">
/// <item><see cref="Population"/>: the alignment of the centred kernels as operators on L²(N(0, I_d)), exact by arc-cosine
/// kernel algebra, CKA = ‖C_AB‖²_F / (‖C_AA‖_F ‖C_BB‖_F) with C_AB[r, i] = Cov(φ_r, ψ_i).</item>
/// <item><see cref="Centered"/>: the same statistic of two n×n Gram matrices on probe inputs,
/// ⟨HK_AH, HK_BH⟩_F / (‖HK_AH‖_F ‖HK_BH‖_F), H = I − 11ᵀ/n; it converges to the population value as n → ∞.</item>
/// </list>
/// CKA is 1 for kernels that are positive multiples of each other, is invariant to rescaling either kernel, and lies in [0, 1].
/// </summary>
public static class ReluKernelAlignment
{
    /// <summary>E[ReLU(wᵀx)] = ‖w‖/√(2π) for x ~ N(0, I_d).</summary>
    public static double MeanActivation(double norm) => norm / Math.Sqrt(2 * Math.PI);

    /// <summary>
    /// Cov(ReLU(a_iᵀx), ReLU(b_jᵀx)) for x ~ N(0, I_d) between the rows of two weight matrices: the degree-1 arc-cosine kernel
    /// minus the product of the means.
    /// </summary>
    public static Matrix FeatureCrossCovariance(Matrix a, Matrix b)
    {
        var c = ReluFeatureOverlap.FeatureCovariance(a, b);
        var na = ReluNtk.RowNorms(a);
        var nb = ReluNtk.RowNorms(b);
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < b.Rows; j++)
                c[i, j] -= MeanActivation(na[i]) * MeanActivation(nb[j]);
        return c;
    }

    /// <summary>Exact population CKA between the feature kernels of the neurons (rows) of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static double Population(Matrix a, Matrix b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rows == 0 || b.Rows == 0) throw new ParameterException("neurons", 0, "each set needs at least one neuron");
        double ab = Vec.NormSquared(FeatureCrossCovariance(a, b).Data);
        double aa = Vec.Norm(FeatureCrossCovariance(a, a).Data);
        double bb = Vec.Norm(FeatureCrossCovariance(b, b).Data);
        return aa > 0 && bb > 0 ? ab / (aa * bb) : 0.0;
    }

    /// <summary>Feature Gram matrix ReLU(XWᵀ)ReLU(XWᵀ)ᵀ / k on the probe inputs (rows of <paramref name="x"/>) for the k neurons (rows) of <paramref name="weights"/>.</summary>
    public static Matrix FeatureGram(Matrix weights, Matrix x)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(x);
        if (weights.Cols != x.Cols) throw new ParameterException("probe inputs", x.Cols, $"must have d = {weights.Cols} columns");
        var phi = LinearAlgebra.Multiply(x, weights, Op.None, Op.Transpose);
        System.Numerics.Tensors.TensorPrimitives.Max(phi.Data, 0.0, phi.Data);
        var k = LinearAlgebra.RowGram(phi);
        k.Data.AsSpan().Scale(1.0 / weights.Rows);
        return k;
    }

    /// <summary>HKH with H = I − 11ᵀ/n (double centring of a square matrix).</summary>
    public static Matrix CenterGram(Matrix k)
    {
        ArgumentNullException.ThrowIfNull(k);
        if (k.Rows != k.Cols) throw new ParameterException("gram", $"{k.Rows}×{k.Cols}", "must be square");
        int n = k.Rows;
        var rowMean = new double[n];
        var colMean = new double[n];
        double all = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double v = k[i, j];
                rowMean[i] += v / n;
                colMean[j] += v / n;
                all += v / ((double)n * n);
            }
        var c = new Matrix(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) c[i, j] = k[i, j] - rowMean[i] - colMean[j] + all;
        return c;
    }

    /// <summary>Empirical CKA of two Gram matrices on the same probe inputs.</summary>
    public static double Centered(Matrix k1, Matrix k2)
    {
        ArgumentNullException.ThrowIfNull(k1);
        ArgumentNullException.ThrowIfNull(k2);
        if (k1.Rows != k2.Rows || k1.Cols != k2.Cols) throw new ParameterException("gram", $"{k2.Rows}×{k2.Cols}", $"must match {k1.Rows}×{k1.Cols}");
        var c1 = CenterGram(k1);
        var c2 = CenterGram(k2);
        double n1 = Vec.Norm(c1.Data), n2 = Vec.Norm(c2.Data);
        return n1 > 0 && n2 > 0 ? Vec.Dot(c1.Data, c2.Data) / (n1 * n2) : 0.0;
    }
}
