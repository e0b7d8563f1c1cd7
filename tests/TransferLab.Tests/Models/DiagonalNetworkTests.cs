using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Tests.Models;

/// <summary>The two-path diagonal network: invariants, the PT → FT state map, and gradient flow vs the exact limit.</summary>
public class DiagonalNetworkTests
{
    [Theory]
    [InlineData(0.05, 0.03)]
    [InlineData(0.05, 0.0)]
    [InlineData(0.05, -0.04)]
    public void FromInvariantsReproducesScaleImbalanceAndPredictor(double c, double lambda)
    {
        var init = new DiagonalInitialization(c, lambda, 0.3);
        double[] beta = [-2, -0.01, 0, 1e-4, 0.7, 5];
        var net = DiagonalNetwork.FromInvariants(init, beta);
        var got = net.Predictor();
        var cross = net.CrossInvariant();
        for (int d = 0; d < beta.Length; d++)
        {
            Assert.Equal(beta[d], got[d], 1e-12 * Math.Max(1, Math.Abs(beta[d])));
            Assert.Equal(c, cross[d], 1e-12);
            var (lp, lm) = net.Imbalance(d);
            Assert.Equal(lambda, lp, 1e-12);
            Assert.Equal(lambda, lm, 1e-12);
        }
    }

    [Fact]
    public void PretrainingInitHasTheStatedInvariantsAndZeroPredictor()
    {
        var init = new DiagonalInitialization(0.2, -0.15, 0);
        var net = DiagonalNetwork.Pretraining(5, init);
        Assert.All(net.Predictor(), b => Assert.Equal(0.0, b, 15));
        Assert.All(net.CrossInvariant(), c => Assert.Equal(0.2, c, 14));
        Assert.Equal(-0.15, net.Imbalance(3).Plus, 14);
    }

    [Fact]
    public void FineTuneScaleClosedFormEqualsTheStateAfterReinitialization()
    {
        // docs/anguita2026.md §1.3: (w₊ + w₋)² + γ²/2 of the rebuilt PT state equals (c + λ)(1 + √(1 + β²/c²)) + γ²/2.
        foreach (var lambda in new[] { -0.049, -0.02, 0.0, 0.03 })
        {
            var init = new DiagonalInitialization(0.05, lambda, 0.4);
            double[] beta = [-3, -0.2, 0, 0.05, 1, 2.5];
            var ft = DiagonalNetwork.FromInvariants(init, beta).FineTuningStart(init.GammaFt);
            var c = ft.CrossInvariant();
            var start = ft.Predictor();
            for (int d = 0; d < beta.Length; d++)
            {
                Assert.Equal(init.FineTuneScale(beta[d]), c[d], 1e-12 * Math.Max(1, c[d]));
                Assert.Equal(0.0, start[d], 15);
            }
        }
    }

    [Fact]
    public void PretrainingByGradientDescentReachesTheClosedFormFineTuneScale()
    {
        // Actual PT gradient flow (N_PT = 1.5 D, noiseless: the PT solution is the teacher) then the FT re-init.
        int dim = 30;
        var rng = new Rng(8);
        var init = new DiagonalInitialization(0.05, -0.02, 0.2);
        var teacher = new SparseTransferTask(dim, 0.3, 0.1, 0, 0.5).SampleTeachers(rng).PretrainTeacher;
        var x = rng.GaussianMatrix(45, dim, 1 / Math.Sqrt(dim));
        var y = LinearAlgebra.Multiply(x, teacher);
        var net = DiagonalNetwork.Pretraining(dim, init);
        var r = DiagonalGradientFlow.Train(net, x, y, new DiagonalFlowOptions(StepFraction: 0.05, Tolerance: 1e-11, Rule: DiagonalFlowStepRule.Euler));
        Assert.True(r.Converged);
        var c = net.FineTuningStart(init.GammaFt).CrossInvariant();
        var beta = net.Predictor();
        for (int d = 0; d < dim; d++) Assert.Equal(init.FineTuneScale(beta[d]), c[d], 5e-3 * Math.Max(1, c[d]));
    }

    private static (double Coarse, double Fine, double Extrapolated) GradientFlowVersusExact(DiagonalInitialization init, int seed)
    {
        var task = new SparseTransferTask(40, 0.25, 0.1, 0.05, 0.4, AlphaPt: 1.5);
        double Distance(DiagonalRunResult a, DiagonalRunResult b) => Vec.Norm(Vec.Subtract(a.Beta!, b.Beta!)) / Vec.Norm(b.Beta!);
        var exact = DiagonalTransferPipeline.Run(task, init, new Rng((ulong)seed), DiagonalSolver.Exact, keepWeights: true);
        var h1 = DiagonalTransferPipeline.Run(task, init, new Rng((ulong)seed), DiagonalSolver.GradientFlow, new DiagonalFlowOptions(0.2, 1e-11, Rule: DiagonalFlowStepRule.Euler), keepWeights: true);
        var h2 = DiagonalTransferPipeline.Run(task, init, new Rng((ulong)seed), DiagonalSolver.GradientFlow, new DiagonalFlowOptions(0.1, 1e-11, Rule: DiagonalFlowStepRule.Euler), keepWeights: true);
        Assert.True(h1.Converged && h2.Converged && exact.Converged);
        // Richardson: gradient descent is O(h) from the flow, so 2β(h/2) − β(h) removes the first-order term.
        var rich = new double[h1.Beta!.Length];
        for (int i = 0; i < rich.Length; i++) rich[i] = 2 * h2.Beta![i] - h1.Beta[i];
        double extrapolated = Vec.Norm(Vec.Subtract(rich, exact.Beta!)) / Vec.Norm(exact.Beta!);
        return (Distance(h1, exact), Distance(h2, exact), extrapolated);
    }

    [Theory]
    [InlineData(0.02, 0.0, 0.0)]       // regime II-like
    [InlineData(0.02, -0.018, 0.0)]    // regime IV-like
    [InlineData(0.02, -0.02, 0.05)]    // regime I-like (λ = −c, small γ)
    [InlineData(0.02, 0.0, 3.0)]       // regime III-like
    public void GradientFlowConvergesToTheImplicitBiasMinimizer(double c, double lambda, double gamma)
    {
        // Theorem 4.1 (reconstructed): PT then FT by gradient flow ends at argmin Σ φ_{c_FT}(β) s.t. Xβ = y.
        var (coarse, fine, extrapolated) = GradientFlowVersusExact(new DiagonalInitialization(c, lambda, gamma), 3);
        Assert.True(fine < 0.7 * coarse || fine < 1e-4, $"no O(h) convergence: {coarse} → {fine}");
        Assert.True(fine < 2e-2, $"gradient descent {fine} from the exact solution");
        Assert.True(extrapolated < 0.35 * fine || extrapolated < 1e-4, $"Richardson {extrapolated} vs {fine}");
    }

    [Fact]
    public void ExactSolverSatisfiesTheKktConditions()
    {
        var rng = new Rng(4);
        int n = 15, dim = 40;
        var x = rng.GaussianMatrix(n, dim, 1 / Math.Sqrt(dim));
        var y = rng.Gaussian(n);
        var c = Enumerable.Range(0, dim).Select(i => Math.Pow(10, -4 + 4.0 * i / dim)).ToArray();
        var sol = ImplicitBiasSolver.Solve(x, y, c);
        Assert.True(sol.Converged);
        Assert.True(sol.RelativeResidual < 1e-8);
        // φ'(β) = ½ asinh(β/c) must lie in range(Xᵀ): its least-squares fit Xᵀν leaves no residual.
        var grad = sol.Beta.Select((b, i) => 0.5 * Math.Asinh(b / c[i])).ToArray();
        var nu = LinearAlgebra.LeastSquares(x.Transpose(), grad);
        var fit = LinearAlgebra.Multiply(x, nu, Op.Transpose);
        Assert.True(Vec.Norm(Vec.Subtract(fit, grad)) < 1e-7 * Vec.Norm(grad));
    }

    [Fact]
    public void LargeScaleGivesMinimumNormAndTinyScaleRecoversSparseTeacher()
    {
        var rng = new Rng(5);
        int dim = 100, n = 45;
        var teacher = new double[dim];
        for (int k = 0; k < 5; k++) teacher[7 * k + 3] = rng.NextGaussian() + 2;
        var x = rng.GaussianMatrix(n, dim, 1 / Math.Sqrt(dim));
        var y = LinearAlgebra.Multiply(x, teacher);
        var lazy = ImplicitBiasSolver.Solve(x, y, Enumerable.Repeat(1e4, dim).ToArray()).Beta;
        var minNorm = LinearAlgebra.LeastSquares(x, y);
        Assert.True(Vec.Norm(Vec.Subtract(lazy, minNorm)) < 1e-6 * Vec.Norm(minNorm));
        var rich = ImplicitBiasSolver.Solve(x, y, Enumerable.Repeat(1e-10, dim).ToArray());
        Assert.True(rich.Converged);
        Assert.True(Vec.Norm(Vec.Subtract(rich.Beta, teacher)) < 1e-3 * Vec.Norm(teacher), "ℓ1-like limit should recover the 5-sparse teacher from 45 samples");
    }

    [Fact]
    public void EnoughSamplesGiveLeastSquares()
    {
        var rng = new Rng(6);
        var x = rng.GaussianMatrix(30, 10);
        var y = rng.Gaussian(30);
        var sol = ImplicitBiasSolver.Solve(x, y, Enumerable.Repeat(1e-3, 10).ToArray());
        var ls = LinearAlgebra.LeastSquares(x, y);
        Assert.True(Vec.MaxAbsDiff(sol.Beta, ls) < 1e-12);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0, "c-pt")]
    [InlineData(1e-3, 2e-3, 0.0, "lambda-pt")]
    [InlineData(1e-3, 0.0, -1.0, "gamma-ft")]
    [InlineData(1e-3, -1e-3, 0.0, "gamma-ft")]
    public void InvalidInitializationNamesTheParameter(double c, double lambda, double gamma, string name)
    {
        var e = Assert.Throws<ParameterException>(() => new DiagonalInitialization(c, lambda, gamma).Validate());
        Assert.Contains(name, e.Message);
    }

    [Theory]
    [InlineData(1.2, 0.0, 0.0, "rho-pt")]
    [InlineData(0.1, 0.2, 0.0, "rho-ft-shared")]
    [InlineData(0.5, 0.1, 0.6, "rho-ft-new")]
    [InlineData(0.1, -0.1, 0.1, "rho-ft-shared")]
    public void InvalidTaskNamesTheParameter(double rhoPt, double shared, double fresh, string name)
    {
        var e = Assert.Throws<ParameterException>(() => new SparseTransferTask(100, rhoPt, shared, fresh, 0.2).Validate());
        Assert.Contains(name, e.Message);
    }
}
