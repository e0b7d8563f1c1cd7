using TransferLab.Models;

namespace TransferLab.Theory.Tahir2024;

/// <summary>A transferability grid T[iγ, iθ] with its axes.</summary>
/// <param name="ThetaDegrees">Angle axis θ (degrees), cos θ = overlap.</param>
/// <param name="Gamma">γ = n/d axis.</param>
/// <param name="T">Transferability, indexed [iγ, iθ].</param>
public sealed record PhaseDiagramGrid(double[] ThetaDegrees, double[] Gamma, double[,] T);

/// <summary>Closed-form transferability surfaces T(θ, γ) (Tahir et al. Figs. 1, 2, 5, 7 and the finite-source App. C diagrams).</summary>
public static class TheoreticalPhaseDiagram
{
    /// <summary>
    /// Evenly spaced axes: θ from thetaMax/nθ to thetaMax (degrees, the paper's k·π/(2nθ) grid), γ from
    /// gammaMax/nγ to gammaMax. Cost O(nθ·nγ) closed-form evaluations (the fine-tuning factor c needs one
    /// root per γ, reused across θ).
    /// </summary>
    public static PhaseDiagramGrid Compute(TransferabilitySettings s, int thetaPoints, int gammaPoints, double gammaMax, double thetaMaxDegrees = 90)
    {
        Transferability.Validate(s);
        Validation.Require.Positive("theta-points", thetaPoints);
        Validation.Require.Positive("alpha-points", gammaPoints);
        Validation.Require.Positive("alpha-max", gammaMax);
        Validation.Require.InRange("theta-max", thetaMaxDegrees, 1e-9, 180);
        var theta = Enumerable.Range(1, thetaPoints).Select(k => thetaMaxDegrees * k / thetaPoints).ToArray();
        var gamma = Enumerable.Range(1, gammaPoints).Select(k => gammaMax * k / gammaPoints).ToArray();
        var t = new double[gammaPoints, thetaPoints];
        var m = FiniteSourceRisk.Moments(s.Source);
        for (int ig = 0; ig < gammaPoints; ig++)
        {
            double g = gamma[ig];
            double baseline = Transferability.BaselineRisk(s.Baseline, g, s.Sigma);
            double c = s.Method == DeepLinearProtocol.FineTune && s.Depth is { } L ? FiniteSourceRisk.ScaleFactor(g, s.Sigma, s.Source, L) : 1.0;
            for (int it = 0; it < thetaPoints; it++)
            {
                double co = Math.Cos(theta[it] * Math.PI / 180);
                double transfer;
                if (s.Method == DeepLinearProtocol.LinearTransfer) transfer = FiniteSourceRisk.LinearTransfer(s.Source, co, s.Lambda);
                else if (g >= 1) transfer = ScratchRisk.Asymptotic(g, s.Sigma);
                else transfer = g * s.Sigma * s.Sigma / (1 - g) + (1 - g) * (1 + c * c * m.NormSquared - 2 * c * m.Alignment * co);
                t[ig, it] = s.Method == DeepLinearProtocol.FineTune && g >= 1 && s.Baseline == ScratchBaseline.Ridgeless ? 0.0 : baseline - transfer;
            }
        }
        return new PhaseDiagramGrid(theta, gamma, t);
    }
}
