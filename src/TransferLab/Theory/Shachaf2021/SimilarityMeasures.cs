using TransferLab.Data;
using TransferLab.Numerics;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>
/// Candidate source–target similarity measures (Shachaf et al. 2021: the benefit of fine-tuning is
/// governed by a measure built from the source, the target and the target covariance). The paper's
/// exact statement is not available (docs/shachaf2021.md §2.1d, [U]); we provide the quantities it must reduce to:
/// the Euclidean distance, the zero-shot risk, the deterministic-equivalent fine-tuning bias at n, and
/// the shape of the Tsigler–Bartlett ridgeless bias bound applied to w = θ_S − θ_T.
/// </summary>
public sealed record SimilarityMeasures(
    double EuclideanDistance2,
    double ZeroShotRisk,
    double DeterministicEquivalentBias,
    double TsiglerBartlettBound,
    int TsiglerBartlettK)
{
    /// <summary>All measures for task and sample size n.</summary>
    public static SimilarityMeasures Compute(LinearTask task, int n)
    {
        var w = task.Teachers.Difference;
        var wEig = task.Covariance.ToEigenbasis(w);
        var lambda = task.Covariance.Eigenvalues;
        var (bound, k) = TsiglerBartlett(lambda, wEig, n);
        return new SimilarityMeasures(
            Vec.NormSquared(w),
            task.Covariance.Norm2(w),
            new DeterministicEquivalent(lambda, n).Bias(wEig),
            bound, k);
    }

    /// <summary>
    /// min over k with effective rank r_k = Σ_{i&gt;k} λ_i / λ_{k+1} ≥ n of
    /// ‖w_{&gt;k}‖²_{Σ&gt;k} + ‖w_{≤k}‖²_{Σ≤k⁻¹} (Σ_{i&gt;k} λ_i / n)²
    /// (Tsigler &amp; Bartlett 2023, bias term; absolute constants set to 1, so this is the bound's shape,
    /// not a certified inequality). Returns (bound, k); k = −1 when no k qualifies (n too large).
    /// </summary>
    public static (double Bound, int K) TsiglerBartlett(IReadOnlyList<double> lambda, ReadOnlySpan<double> wEig, int n)
    {
        int d = lambda.Count;
        var tail = new double[d + 1]; // tail[k] = Σ_{i ≥ k} λ_i (0-based)
        for (int i = d - 1; i >= 0; i--) tail[i] = tail[i + 1] + lambda[i];
        double best = double.PositiveInfinity;
        int bestK = -1;
        double headInv = 0; // Σ_{i<k} w_i²/λ_i
        double tailW = 0;
        for (int i = 0; i < d; i++) tailW += lambda[i] * wEig[i] * wEig[i];
        for (int k = 0; k < d; k++)
        {
            if (k > 0)
            {
                double l = lambda[k - 1];
                headInv += l > 0 ? wEig[k - 1] * wEig[k - 1] / l : (wEig[k - 1] != 0 ? double.PositiveInfinity : 0);
                tailW -= l * wEig[k - 1] * wEig[k - 1];
            }
            if (lambda[k] <= 0) break;
            double rk = tail[k] / lambda[k];
            if (rk < n) continue;
            double b = Math.Max(tailW, 0) + headInv * Math.Pow(tail[k] / Math.Max(n, 1), 2);
            if (b < best)
            {
                best = b;
                bestK = k;
            }
        }
        return (best, bestK);
    }
}
