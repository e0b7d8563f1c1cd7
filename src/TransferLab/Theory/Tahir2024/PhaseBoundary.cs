using TransferLab.Models;

namespace TransferLab.Theory.Tahir2024;

/// <summary>One branch of the T = 0 curve as a polyline in (θ in degrees, γ).</summary>
/// <param name="Label">Which branch (for plots and CSV).</param>
/// <param name="ThetaDegrees">Angles θ = arccos(overlap), degrees.</param>
/// <param name="Gamma">γ = n/d on the boundary.</param>
public sealed record BoundaryBranch(string Label, double[] ThetaDegrees, double[] Gamma);

/// <summary>
/// The phase boundary T(θ, γ) = 0 in closed form (Tahir et al. §3.3; roots re-derived in docs/tahir2024.md §2.2/§2.6).
/// Linear transfer has a θ-only risk r(θ), so the boundary is where the baseline risk equals r:
/// ridgeless, γ &lt; 1: u² − (r + σ²)u + σ² = 0 with u = 1 − γ (for r = sin²θ: γ² − (1 + cos²θ − σ²)γ + cos²θ = 0);
/// ridgeless, γ &gt; 1: γ = 1 + σ²/r; optimal ridge: γ_c = 1 − σ² − r + σ²/r (= cos²θ(1 + σ²/sin²θ) at λ = 0).
/// Fine-tuning: for each γ &lt; 1 the boundary angle solves R_ft = R_baseline, linear in cos θ
/// (θ = 60° for the paper's c = 1 and ridgeless baseline).
/// </summary>
public static class PhaseBoundary
{
    /// <summary>
    /// The negative-transfer interval (γ₋, γ₊) ⊂ (0, 1) of ridgeless linear transfer at this overlap, or null when
    /// T &gt; 0 on all of γ &lt; 1 (which happens iff 1 − cos θ ≤ σ for λ = 0).
    /// </summary>
    public static (double Lower, double Upper)? LinearTransferNegativeInterval(double overlap, double sigma, double lambda = 0, FiniteSource? source = null)
    {
        double r = FiniteSourceRisk.LinearTransfer(source, overlap, lambda);
        double s2 = sigma * sigma, bsum = r + s2, disc = bsum * bsum - 4 * s2;
        if (disc < 0 || r <= 0) return null;
        double uHi = 0.5 * (bsum + Math.Sqrt(disc)), uLo = 0.5 * (bsum - Math.Sqrt(disc));
        double lower = 1 - uHi, upper = 1 - uLo;
        if (upper <= 0) return null;
        return (Math.Max(lower, 0), upper);
    }

    /// <summary>Above γ = 1 ridgeless linear transfer is negative for γ &gt; 1 + σ²/r(θ) (v2 Theorem 3.7 discussion).</summary>
    public static double LinearTransferOverparameterisedThreshold(double overlap, double sigma, double lambda = 0, FiniteSource? source = null)
    {
        double r = FiniteSourceRisk.LinearTransfer(source, overlap, lambda);
        return r <= 0 ? double.PositiveInfinity : 1 + sigma * sigma / r;
    }

    /// <summary>Against the optimally tuned ridge scratch model linear transfer wins iff γ &lt; γ_c(θ) (docs/tahir2024.md §2.6).</summary>
    public static double OptimalRidgeCriticalGamma(double overlap, double sigma, double lambda = 0, FiniteSource? source = null)
    {
        double r = FiniteSourceRisk.LinearTransfer(source, overlap, lambda);
        if (r <= 0) return double.PositiveInfinity;
        double s2 = sigma * sigma;
        return 1 - s2 - r + s2 / r;
    }

    /// <summary>
    /// cos θ* at which fine-tuning breaks even for γ &lt; 1: cos θ* = [V + (1 − γ)(1 + c²) − R_baseline(γ)]/(2c(1 − γ)),
    /// V = γσ²/(1 − γ). Ridgeless baseline: cos θ* = c/2. With a finite source (App. C) A, M enter as in
    /// <see cref="FiniteSourceRisk.FineTuneCriticalOverlap"/> (ridgeless: cA/(2M)).
    /// </summary>
    public static double FineTuneCriticalOverlap(double gamma, double sigma, ScratchBaseline baseline, double? depth, FiniteSource? source = null)
        => FiniteSourceRisk.FineTuneCriticalOverlap(gamma, sigma, baseline, depth, source);

    /// <summary>
    /// Polylines of T = 0 inside θ ∈ [0°, <paramref name="thetaMaxDegrees"/>], γ ∈ (0, <paramref name="gammaMax"/>],
    /// sampled at <paramref name="resolution"/> points along the free coordinate.
    /// </summary>
    public static IReadOnlyList<BoundaryBranch> Branches(TransferabilitySettings s, double gammaMax, double thetaMaxDegrees = 90, int resolution = 400)
    {
        Transferability.Validate(s);
        var result = new List<BoundaryBranch>();
        if (s.Method == DeepLinearProtocol.LinearTransfer)
        {
            var lowT = new List<double>(); var lowG = new List<double>();
            var upT = new List<double>(); var upG = new List<double>();
            var hiT = new List<double>(); var hiG = new List<double>();
            bool bandAtSmallestAngle = false;
            for (int i = 0; i <= resolution; i++)
            {
                double deg = thetaMaxDegrees * i / resolution, overlap = Math.Cos(deg * Math.PI / 180);
                if (s.Baseline == ScratchBaseline.OptimalRidge)
                {
                    double g = OptimalRidgeCriticalGamma(overlap, s.Sigma, s.Lambda, s.Source);
                    if (g > 0 && g <= gammaMax) { lowT.Add(deg); lowG.Add(g); }
                    continue;
                }
                if (LinearTransferNegativeInterval(overlap, s.Sigma, s.Lambda, s.Source) is { } iv)
                {
                    if (i == 0) bandAtSmallestAngle = true;
                    if (iv.Lower > 0) { lowT.Add(deg); lowG.Add(iv.Lower); }
                    upT.Add(deg); upG.Add(Math.Min(iv.Upper, gammaMax));
                }
                double g1 = LinearTransferOverparameterisedThreshold(overlap, s.Sigma, s.Lambda, s.Source);
                if (g1 <= gammaMax) { hiT.Add(deg); hiG.Add(g1); }
            }
            if (s.Baseline == ScratchBaseline.OptimalRidge)
            {
                // One curve, collected in θ order above.
                if (lowT.Count > 1) result.Add(new BoundaryBranch("T = 0 (optimal ridge baseline)", lowT.ToArray(), lowG.ToArray()));
            }
            else
            {
                // The lower and upper roots meet where the discriminant vanishes: join them into one curve. When the
                // negative band already exists at the smallest angle (a finite source, App. C) they never meet: keep two.
                if (bandAtSmallestAngle)
                {
                    if (upT.Count > 1) result.Add(new BoundaryBranch("T = 0, γ < 1 (upper root)", upT.ToArray(), upG.ToArray()));
                    if (lowT.Count > 1) result.Add(new BoundaryBranch("T = 0, γ < 1 (lower root)", lowT.ToArray(), lowG.ToArray()));
                }
                else
                {
                    lowT.Reverse(); lowG.Reverse();
                    var joinedT = upT.Concat(lowT).ToArray();
                    if (joinedT.Length > 1) result.Add(new BoundaryBranch("T = 0, γ < 1", joinedT, upG.Concat(lowG).ToArray()));
                }
                if (hiT.Count > 1) result.Add(new BoundaryBranch("T = 0, γ > 1", hiT.ToArray(), hiG.ToArray()));
            }
        }
        else
        {
            var t = new List<double>(); var g = new List<double>();
            for (int i = 1; i < resolution; i++)
            {
                double gamma = Math.Min(gammaMax, 1.0) * i / resolution;
                double co = FineTuneCriticalOverlap(gamma, s.Sigma, s.Baseline, s.Depth, s.Source);
                if (double.IsNaN(co) || co > 1 || co < -1) continue;
                double deg = Math.Acos(co) * 180 / Math.PI;
                if (deg <= thetaMaxDegrees) { t.Add(deg); g.Add(gamma); }
            }
            if (t.Count > 1) result.Add(new BoundaryBranch("T = 0 (fine-tune, γ < 1)", t.ToArray(), g.ToArray()));
        }
        return result;
    }
}
