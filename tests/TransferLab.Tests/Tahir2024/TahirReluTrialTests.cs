using TransferLab.Experiments.Anguita2026;
using TransferLab.Experiments.Shachaf2021;
using TransferLab.Experiments.Tahir2024;
using TransferLab.Numerics;

namespace TransferLab.Tests.Tahir2024;

public class TahirReluTrialTests
{
    [Fact]
    public void LinearTransferWithManySamplesReachesTheStudentSpanOverlap()
    {
        // With n ≫ m the least-squares readout on frozen features converges to the L² projection of f_t on the student's
        // feature span, whose residual ‖P_⊥f_t‖² is computed exactly by the arc-cosine kernel algebra. Excess ≈ (m/n)·R∞ and
        // the test-set Monte Carlo error (N = 20000) are both far below the tolerance.
        var s = new TahirReluSettings(D: 5, Width: 10, TeacherWidth: 4, Mu: 0.5, SourceSamples: 200, TestSamples: 20000,
            LearningRate: 0.5, PretrainSteps: 300, TrainSteps: 5, ReadoutRidge: 0.0);
        var o = TahirReluTrial.Run(s, 4000, new Rng(17));
        Assert.True(o.OverlapStudent > 0.005, $"degenerate case: overlap {o.OverlapStudent}");
        Assert.True(Math.Abs(o.LinearTransfer - o.OverlapStudent) < 0.1 * o.OverlapStudent + 0.01,
            $"LT {o.LinearTransfer} vs ‖P⊥f_t‖²/‖f_t‖² {o.OverlapStudent}");
        // The student's span contains more than the source teacher's only if it keeps extra features; either way LT ≥ its limit − MC noise.
        Assert.True(o.LinearTransfer > o.OverlapStudent - 0.01);
    }
}
