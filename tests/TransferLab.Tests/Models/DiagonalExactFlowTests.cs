using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;

namespace TransferLab.Tests.Models;

/// <summary>
/// The exact-flow step rule of <see cref="DiagonalGradientFlow"/> (Barzilai–Borwein steps along the flow's hyperbolas):
/// its limit is the gradient flow's whatever the steps, so it must land on the implicit-bias minimiser up to what the
/// stopping residual allows, at the sizes of the `simulate diagonal --solver gd` benchmark.
/// </summary>
public class DiagonalExactFlowTests
{
    /// <summary>
    /// Distance to the minimiser that a residual r permits. The iterate is β(ν) = c⊙sinh 2Xᵀν for some ν (docs/anguita2026.md
    /// §2.1); the dual Hessian is X S Xᵀ with S = 2√(β² + c²), so ‖ν − ν*‖ ≤ ‖r‖/λ_min(X S Xᵀ) and
    /// ‖β − β*‖ ≤ max S·σ_max(X)·‖ν − ν*‖. S is taken at β* with a factor 2 for its change between β and β*.
    /// </summary>
    private static double ResidualBound(Matrix x, double[] c, double[] betaStar, double residualNorm)
    {
        int n = x.Rows, d = x.Cols;
        var s = new double[d];
        for (int j = 0; j < d; j++) s[j] = 2 * Math.Sqrt(betaStar[j] * betaStar[j] + c[j] * c[j]);
        var h = new Matrix(n, n);
        for (int i = 0; i < n; i++)
            for (int k = 0; k <= i; k++)
            {
                double sum = 0;
                for (int j = 0; j < d; j++) sum += x[i, j] * s[j] * x[k, j];
                h[i, k] = h[k, i] = sum;
            }
        double muMin = LinearAlgebra.Eigen(h).Values.Min();
        double sigmaMax = Math.Sqrt(LinearAlgebra.LargestGramEigenvalue(x));
        return 2 * s.Max() * sigmaMax * residualNorm / muMin;
    }

    private static (Matrix X, double[] Y, double[] Scales, DiagonalNetwork Start) FineTuneProblem(int dim, double alpha, double rhoNew, ulong seed)
    {
        // The task (defaults of simulate diagonal): oracle PT on a ρ_PT = 0.1 teacher, c_PT = 10⁻³, λ = γ = 0.
        var init = new DiagonalInitialization(1e-3, 0, 0);
        var task = new SparseTransferTask(dim, 0.1, 0.1 - rhoNew, rhoNew, alpha);
        var rng = new Rng(seed);
        var (pt, ft) = task.SampleTeachers(rng);
        var x = rng.GaussianMatrix(task.FineTuneSamples, dim, 1 / Math.Sqrt(dim));
        var y = LinearAlgebra.Multiply(x, ft);
        var scales = pt.Select(init.FineTuneScale).ToArray();
        return (x, y, scales, DiagonalNetwork.FromInvariants(init, pt).FineTuningStart(init.GammaFt));
    }

    private static double ResidualNorm(Matrix x, double[] y, double[] beta) => Vec.Norm(Vec.Subtract(LinearAlgebra.Multiply(x, beta), y));

    [Theory]
    [InlineData(0.3, 0.0, 11UL)]  // identical support, the slowest point of the benchmark (10⁶ Euler steps)
    [InlineData(0.1, 0.0, 12UL)]
    [InlineData(0.3, 0.1, 13UL)]  // new features
    public void ExactFlowRuleEndsAtTheImplicitBiasMinimizerAtTheBenchmarkSize(double alpha, double rhoNew, ulong seed)
    {
        var (x, y, scales, net) = FineTuneProblem(500, alpha, rhoNew, seed);
        var r = DiagonalGradientFlow.Train(net, x, y, new DiagonalFlowOptions(Tolerance: 1e-9));
        var exact = ImplicitBiasSolver.Solve(x, y, scales, tolerance: 1e-13);
        Assert.True(r.Converged && exact.Converged);
        var beta = net.Predictor();
        // The stopping rule (‖r‖ ≤ 10⁻⁹‖y‖ or ‖Xᵀr‖ ≤ 10⁻⁹‖Xᵀy‖) recomputed from the written-back weights.
        var rv = Vec.Subtract(LinearAlgebra.Multiply(x, beta), y);
        double residual = Vec.Norm(rv);
        double gradient = Vec.Norm(LinearAlgebra.Multiply(x, rv, Op.Transpose)), gradient0 = Vec.Norm(LinearAlgebra.Multiply(x, y, Op.Transpose));
        Assert.True(residual <= 1.01e-9 * Vec.Norm(y) || gradient <= 1.01e-9 * gradient0, $"residual {residual / Vec.Norm(y)}, gradient {gradient / gradient0}");
        double bound = ResidualBound(x, scales, exact.Beta, residual) + ResidualBound(x, scales, exact.Beta, ResidualNorm(x, y, exact.Beta));
        double distance = Vec.Norm(Vec.Subtract(beta, exact.Beta));
        Assert.True(distance <= bound, $"‖β_GD − β*‖ = {distance} > residual bound {bound}");
        Assert.True(r.Steps < 20_000, $"{r.Steps} steps");
    }

    [Fact]
    public void EulerStepBiasIsVisibleAtTheSameResidualWhereTheExactFlowRuleIsNot()
    {
        // The bound above is tight enough to see the O(h) bias of plain GD (h = 0.25), so it can tell the rules apart.
        var (x, y, scales, start) = FineTuneProblem(200, 0.2, 0.0, 5);
        var exact = ImplicitBiasSolver.Solve(x, y, scales, tolerance: 1e-13);
        double Distance(DiagonalFlowStepRule rule, out double bound)
        {
            var net = start.Clone();
            Assert.True(DiagonalGradientFlow.Train(net, x, y, new DiagonalFlowOptions(Tolerance: 1e-9, Rule: rule)).Converged);
            var beta = net.Predictor();
            bound = ResidualBound(x, scales, exact.Beta, ResidualNorm(x, y, beta)) + ResidualBound(x, scales, exact.Beta, ResidualNorm(x, y, exact.Beta));
            return Vec.Norm(Vec.Subtract(beta, exact.Beta));
        }
        double flow = Distance(DiagonalFlowStepRule.ExactFlow, out double flowBound);
        double euler = Distance(DiagonalFlowStepRule.Euler, out double eulerBound);
        Assert.True(flow <= flowBound, $"exact flow {flow} > {flowBound}");
        Assert.True(euler > 10 * eulerBound, $"Euler {euler} within 10× its residual bound {eulerBound}");
    }

    [Theory]
    [InlineData(0.02, 0.0, 0.0)]
    [InlineData(0.02, -0.018, 0.0)]
    [InlineData(0.02, -0.02, 0.05)]
    [InlineData(0.02, 0.0, 3.0)]
    public void ExactFlowRuleConservesTheInvariantsOnRealPretrainingAndFineTuning(double c, double lambda, double gamma)
    {
        // Gradient flow conserves λ± = w±² − v±² and the cross invariant per coordinate (docs/anguita2026.md §1.1); the
        // exact-flow step keeps them to rounding, on a least-squares PT stage (N_PT = 1.5 D) as well.
        int dim = 40;
        var rng = new Rng(21);
        var init = new DiagonalInitialization(c, lambda, gamma);
        var teacher = new SparseTransferTask(dim, 0.25, 0.1, 0.05, 0.4).SampleTeachers(rng).PretrainTeacher;
        var x = rng.GaussianMatrix(60, dim, 1 / Math.Sqrt(dim));
        var y = LinearAlgebra.Multiply(x, teacher);
        var net = DiagonalNetwork.Pretraining(dim, init);
        var r = DiagonalGradientFlow.Train(net, x, y, new DiagonalFlowOptions(Tolerance: 1e-11));
        Assert.True(r.Converged);
        var cross = net.CrossInvariant();
        for (int d = 0; d < dim; d++)
        {
            Assert.Equal(c, cross[d], 1e-12);
            var (lp, lm) = net.Imbalance(d);
            Assert.Equal(lambda, lp, 1e-12);
            Assert.Equal(lambda, lm, 1e-12);
        }
        // N ≥ D, noiseless: the flow's limit is the teacher itself.
        Assert.True(Vec.Norm(Vec.Subtract(net.Predictor(), teacher)) <= 1e-8 * Vec.Norm(teacher));
    }

    [Theory]
    [InlineData(0.02, 0.0, 0.0)]       // regime II-like
    [InlineData(0.02, -0.018, 0.0)]    // regime IV-like
    [InlineData(0.02, -0.02, 0.05)]    // regime I-like
    [InlineData(0.02, 0.0, 3.0)]       // regime III-like
    public void ExactFlowPipelineMatchesTheExactSolverInTheFourRegimes(double c, double lambda, double gamma)
    {
        // PT by gradient descent (N_PT = 1.5 D), then FT: the task of DiagonalNetworkTests' Euler check, where h = 0.1 is
        // 10⁻⁴–10⁻² away. The exact solver stops at a relative residual 10⁻⁸, which dominates the gap here.
        var task = new SparseTransferTask(40, 0.25, 0.1, 0.05, 0.4, AlphaPt: 1.5);
        var init = new DiagonalInitialization(c, lambda, gamma);
        var exact = DiagonalTransferPipeline.Run(task, init, new Rng(3), DiagonalSolver.Exact, keepWeights: true);
        var gd = DiagonalTransferPipeline.Run(task, init, new Rng(3), DiagonalSolver.GradientFlow, new DiagonalFlowOptions(Tolerance: 1e-11), keepWeights: true);
        Assert.True(gd.Converged && exact.Converged);
        double distance = Vec.Norm(Vec.Subtract(gd.Beta!, exact.Beta!)) / Vec.Norm(exact.Beta!);
        Assert.True(distance < 1e-5, $"exact-flow GD {distance} from the exact solution");
    }
}
