using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Theory.Anguita2026;

namespace TransferLab.Tests.Anguita2026;

/// <summary>
/// The continuation-Newton replica solver against the global scan it replaced (<see cref="ScanReplicaSolver"/>), point
/// by point across the four regimes, the task types (shared, new and mixed FT dimensions; oracle, least-squares and
/// implicit-bias pretraining), label noise and single-task learning: the same branch and E within 1e-10.
/// </summary>
public class ReplicaContinuationTests
{
    // Brent's tolerance on H for the reference, far below what the comparison needs (see ScanReplicaSolver).
    private const double ReferenceTolerance = 1e-15;

    // 0.02 … 0.98 in uneven steps (the exact-recovery transitions fall in between), listed out of order on purpose, and α ≥ 1.
    private static readonly double[] s_alphas =
        [0.3, 0.02, 0.05, 0.08, 0.12, 0.16, 0.2, 0.25, 0.35, 0.42, 0.5, 0.6, 0.7, 0.85, 0.98, 1.0, 1.5];

    public static TheoryData<string, double, double, double, double, double, double, double, double> Settings()
    {
        var data = new TheoryData<string, double, double, double, double, double, double, double, double>();
        foreach (var (regime, init) in RegimeClassifier.PaperRecipes)
        {
            string r = RegimeClassifier.Numeral(regime);
            // (shared, new, α_PT, σ, σ_PT)
            data.Add($"{r} shared", init.CPt, init.LambdaPt, init.GammaFt, 0.1, 0, double.PositiveInfinity, 0, 0);
            data.Add($"{r} new", init.CPt, init.LambdaPt, init.GammaFt, 0, 0.1, double.PositiveInfinity, 0, 0);
            data.Add($"{r} mixed, noisy", init.CPt, init.LambdaPt, init.GammaFt, 0.05, 0.05, double.PositiveInfinity, 0.2, 0);
            data.Add($"{r} imperfect PT (α_PT = 0.4)", init.CPt, init.LambdaPt, init.GammaFt, 0.08, 0.02, 0.4, 0, 0.1);
            data.Add($"{r} least-squares PT (α_PT = 2)", init.CPt, init.LambdaPt, init.GammaFt, 0.1, 0, 2, 0.1, 0.3);
        }
        data.Add("large c_PT", 1.0, 0, 0, 0, 0.1, double.PositiveInfinity, 0, 0);
        data.Add("tiny c_PT", 1e-6, 0, 0, 0, 0.1, double.PositiveInfinity, 0, 0);
        data.Add("γ = 1, shared", 1e-3, 0, 1, 0.1, 0, double.PositiveInfinity, 0, 0);
        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void CurveAgreesWithTheGlobalScan(string setting, double cPt, double lambda, double gamma, double shared, double fresh, double alphaPt, double sigma, double sigmaPt)
    {
        var task = new SparseTransferTask(1000, 0.1, shared, fresh, 0.1, alphaPt, sigma, sigmaPt);
        var init = new DiagonalInitialization(cPt, lambda, gamma);
        var atoms = FineTuneReplica.Atoms(task, init);
        var curve = new ReplicaSolver(atoms).Curve(s_alphas, sigma);
        var reference = new ScanReplicaSolver(atoms, rootTolerance: ReferenceTolerance, innerTolerance: ReferenceTolerance, stepTolerance: ReferenceTolerance).Curve(s_alphas, sigma);
        AssertSame(setting, curve, reference);
    }

    [Theory]
    [InlineData(0.1, 1e-3, 0.0)]
    [InlineData(0.1, 1e-12, 0.0)]
    [InlineData(0.3, 1e-2, 0.1)]
    [InlineData(1.0, 1e-3, 0.0)]
    [InlineData(0.05, 1e5, 0.3)]
    public void SingleTaskCurveAgreesWithTheGlobalScan(double rho, double c, double sigma)
    {
        var atoms = new List<ReplicaAtom> { new(rho, 0, 1 / rho, c) };
        if (rho < 1) atoms.Add(new ReplicaAtom(1 - rho, 0, 0, c));
        var alphas = Enumerable.Range(1, 40).Select(i => i / 41.0).ToArray();
        AssertSame($"ρ = {rho}, c = {c}, σ = {sigma}", new ReplicaSolver(atoms).Curve(alphas, sigma), new ScanReplicaSolver(atoms, rootTolerance: ReferenceTolerance, innerTolerance: ReferenceTolerance, stepTolerance: ReferenceTolerance).Curve(alphas, sigma));
    }

    [Fact]
    public void APointDoesNotDependOnItsNeighboursBeyondTheTolerance()
    {
        var init = new DiagonalInitialization(1e-3, -0.99e-3, 0);
        var solver = new ReplicaSolver(FineTuneReplica.Atoms(new SparseTransferTask(1000, 0.1, 0, 0.1, 0.1), init));
        var curve = solver.Curve(Enumerable.Range(0, 50).Select(i => 0.01 + 0.49 * i / 49).ToArray());
        foreach (int i in new[] { 0, 17, 33, 49 })
            Assert.Equal(solver.Solve(curve[i].Alpha).Error, curve[i].Error, 1e-11);
    }

    private static void AssertSame(string setting, ReplicaSolution[] curve, ReplicaSolution[] reference)
    {
        for (int i = 0; i < curve.Length; i++)
        {
            var (a, b) = (curve[i], reference[i]);
            string at = $"{setting}, α = {a.Alpha}";
            Assert.Equal(b.Alpha, a.Alpha);
            Assert.True(b.Branch == a.Branch, $"{at}: branch {a.Branch} vs {b.Branch}");
            Assert.True(a.Error == b.Error || Math.Abs(a.Error - b.Error) <= 1e-10, $"{at}: E = {a.Error:R} vs {b.Error:R} (diff {a.Error - b.Error:E2})");
            if (a.Branch == "fixed-point")
            {
                // s² = (σ² + E)/α to 1e-10 like E, and relatively to 1e-9 (near exact recovery in the rich regime E ∝ s² almost
                // exactly, H is flat in log s², and s² ≈ 10⁻¹⁴ is fixed only to ~10⁻⁸ of itself by a residual of 10⁻¹³).
                Assert.True(Math.Abs(a.ChannelVariance - b.ChannelVariance) <= 1e-10 + 1e-9 * b.ChannelVariance, $"{at}: s² = {a.ChannelVariance:R} vs {b.ChannelVariance:R}");
                // g to 1e-9 relatively, plus the relative shift of s² (in that flat direction g ∝ s moves with it).
                double shift = Math.Abs(a.ChannelVariance / b.ChannelVariance - 1);
                Assert.True(Math.Abs(a.ProxStrength / b.ProxStrength - 1) <= 1e-9 + shift, $"{at}: g = {a.ProxStrength:R} vs {b.ProxStrength:R}");
            }
        }
    }
}
