using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Theory.Anguita2026;

namespace TransferLab.Tests.Anguita2026;

/// <summary>
/// The replica moments with a channel's atoms four at a time in vector lanes (<see cref="AtomQuadrature.FourSums"/>)
/// against the same solver one atom at a time (<see cref="AtomQuadrature.Sums"/>): the lanes run the scalar arithmetic,
/// so the two agree bit for bit where no exponential is taken and to rounding elsewhere. The curves themselves are
/// checked against the independent scan solver in <see cref="ReplicaContinuationTests"/> (imperfect PT included).
/// </summary>
public class AtomQuadratureTests
{
    private static (ReplicaMoments Four, ReplicaMoments One) BothWays(ReplicaSolver solver, double s2, double g)
    {
        solver.UseFourAtoms = true;
        var four = solver.Moments(s2, g);
        solver.UseFourAtoms = false;
        var one = solver.Moments(s2, g);
        return (four, one);
    }

    private static void Close(double expected, double actual, double scale)
    {
        Assert.True(double.IsFinite(actual), $"not finite: {actual}");
        Assert.True(Math.Abs(actual - expected) <= 1e-13 * (Math.Abs(expected) + scale), $"{actual:R} vs {expected:R}");
    }

    private static void AllClose(ReplicaMoments four, ReplicaMoments one)
    {
        Close(one.Error, four.Error, 1e-300);
        Close(one.MeanSlope, four.MeanSlope, 1e-300);
        // The derivatives sum terms of both signs; compare them on the scale of their largest part.
        Close(one.ErrorByLogS2, four.ErrorByLogS2, Math.Abs(one.Error));
        Close(one.ErrorByLogG, four.ErrorByLogG, Math.Abs(one.Error));
        Close(one.SlopeByLogS2, four.SlopeByLogS2, Math.Abs(one.MeanSlope));
        Close(one.SlopeByLogG, four.SlopeByLogG, Math.Abs(one.MeanSlope));
    }

    [Theory]
    [InlineData(1e-8, 1e-6)]
    [InlineData(1e-3, 1e-4)]
    [InlineData(0.05, 0.02)]
    [InlineData(0.5, 0.3)]
    [InlineData(3.0, 5.0)]
    [InlineData(1e-12, 1e-9)]
    public void ImperfectPretrainingLawAgreesOneAtomAtATime(double s2, double g)
    {
        // The two-stage law of imperfect PT (α_PT = 0.4, σ_PT = 0.1, regime IV): 18 scales c in each of its two channels,
        // so four vectors and two single atoms per channel.
        var init = RegimeClassifier.PaperRecipes.Single(r => RegimeClassifier.Numeral(r.Regime) == "IV").Init;
        var task = new SparseTransferTask(1000, 0.1, 0.08, 0.02, 0.1, AlphaPt: 0.4, SigmaPt: 0.1);
        var (four, one) = BothWays(new ReplicaSolver(FineTuneReplica.Atoms(task, init)), s2, g);
        AllClose(four, one);
    }

    [Theory]
    [InlineData(0.3, 0.01)]
    [InlineData(0.01, 0.5)]
    public void ChannelWithNonzeroMeanAgrees(double s2, double g)
    {
        // β* = 0.7 exactly (the PT stage's on-support channel): nodes on both sides of z = 0, the Newton start changes
        // there; five scales spanning rich to lazy, so one vector and one single atom.
        ReplicaAtom[] atoms = [new(0.1, 0.7, 0, 1e-4), new(0.1, 0.7, 0, 1e-2), new(0.2, 0.7, 0, 0.3), new(0.3, 0.7, 0, 2), new(0.3, 0.7, 0, 40)];
        var (four, one) = BothWays(new ReplicaSolver(atoms), s2, g);
        AllClose(four, one);
    }

    [Fact]
    public void WithoutExponentialsTheLanesAreTheScalarArithmetic()
    {
        // Scales large against every |z| ≤ 8.5·√(v + s²): each Newton iterate has t < 0.1, where sinh comes from its Taylor
        // series in both paths, so every lane repeats the one-atom computation exactly.
        ReplicaAtom[] atoms = [new(0.25, 0, 1, 200), new(0.25, 0, 1, 300), new(0.25, 0, 1, 500), new(0.25, 0, 1, 1000)];
        var (four, one) = BothWays(new ReplicaSolver(atoms), 0.1, 0.05);
        Assert.Equal(one, four);
    }
}
