using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Tahir2024;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;

namespace TransferLab.Tests.Shachaf2021;

public class NtkTheoryTests
{
    [Fact]
    public void ClosedFormGramMatchesEmpiricalKernelOfWideNetwork()
    {
        // Empirical NTK of a width-m net is an average of m i.i.d. terms: error O(1/√m). Check both layers separately
        // and that the error shrinks by ≈ √16 = 4 from m = 1000 to m = 16000 (allowing for Monte-Carlo noise: factor > 2.5).
        var x = ReluInputs.Sphere(10, 5, new Rng(1));
        var hw = ReluNtk.Gram(x, NtkLayers.FirstLayer);
        var hb = ReluNtk.Gram(x, NtkLayers.BothLayers);
        double Err(int m)
        {
            double e = 0;
            for (int rep = 0; rep < 4; rep++)
            {
                var net = TwoLayerRelu.Initialize(5, m, ReluParameterization.Ntk, SeedSequence.For(7, m, rep));
                var (first, second) = net.EmpiricalNtk(x, x);
                var both = new Matrix(10, 10);
                for (int k = 0; k < 100; k++) both.Data[k] = first.Data[k] + second.Data[k];
                e += Math.Max(first.MaxAbsDiff(hw), both.MaxAbsDiff(hb));
            }
            return e / 4;
        }
        double small = Err(1000), large = Err(16000);
        Assert.True(large < 0.02, $"m=16000 error {large}");
        Assert.True(small / large > 2.5, $"error ratio {small / large}");
    }

    [Fact]
    public void EmpiricalKernelEqualsJacobianInnerProducts()
    {
        // Independent path: Θ = J Jᵀ with the Jacobian rows obtained from LossAndGradient on single samples
        // (∂L/∂θ for L = ½(f − y)² with y = f − 1 equals ∂f/∂θ).
        var rng = new Rng(5);
        var x = rng.GaussianMatrix(4, 3);
        var net = TwoLayerRelu.Initialize(3, 8, ReluParameterization.Standard, new Rng(6));
        var jac = new double[4][];
        for (int i = 0; i < 4; i++)
        {
            var xi = new Matrix(1, 3, x.Row(i).ToArray());
            double fi = net.Forward(xi)[0];
            var g = net.LossAndGradient(xi, [fi - 1]);
            jac[i] = [.. g.GradW.Data, .. g.GradA];
        }
        var (first, second) = net.EmpiricalNtk(x, x);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(Vec.Dot(jac[i], jac[j]), first[i, j] + second[i, j], 10);
    }

    [Fact]
    public void ResidualQuadraticFormIsBelowTheRkhsNormOfTheLinearDifferenceAndBelowArorasBound()
    {
        // For r = X(θ_T − θ_S) on the sphere, rᵀH⁻¹r is the squared norm of the min-RKHS-norm interpolant, so it is
        // ≤ ‖Δᵀx‖²_H (Funk–Hecke eigenvalue, computed by quadrature) ≤ 9‖Δ‖² (Arora et al. Thm 6.1), and grows toward it with n.
        int d = 6;
        var pair = SphereLinearTeachers.WithDistance(d, 1.0, 0.8, new Rng(2));
        var delta = Vec.Subtract(pair.TargetWeights, pair.SourceWeights);
        double rkhs = ReluNtk.LinearFunctionRkhsNormSquared(Vec.NormSquared(delta), d, NtkLayers.FirstLayer);
        Assert.True(rkhs <= 9 * Vec.NormSquared(delta));
        double prev = 0;
        foreach (int n in new[] { 10, 40, 160 })
        {
            var x = ReluInputs.Sphere(n, d, new Rng((ulong)n));
            var y = LinearAlgebra.Multiply(x, pair.TargetWeights);
            var fs = LinearAlgebra.Multiply(x, pair.SourceWeights);
            var pred = new NtkFineTuningPredictor(x, y, fs, NtkLayers.FirstLayer);
            Assert.True(pred.ResidualQuadraticForm <= rkhs * (1 + 1e-9), $"n={n}: {pred.ResidualQuadraticForm} > {rkhs}");
            Assert.True(pred.ResidualQuadraticForm > prev);
            prev = pred.ResidualQuadraticForm;
            Assert.True(pred.DataDependentBound <= NtkFineTuningBounds.ImpliedTeacherBound(pair.Distance, n));
        }
        Assert.True(prev > 0.8 * rkhs, $"n=160: {prev} vs {rkhs}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(300)]
    public void RkhsNormOfLinearFunctionMatchesTheParityClosedForm(int d)
    {
        // π − arccos t = π/2 + arcsin t, so t·k(t) = t²/4 (+ κ² t²/4 for the readout kernel) + odd terms, and the
        // Funk–Hecke eigenvalue is (1 + κ²)/(4d): ‖βᵀx‖²_H = 4‖β‖²/(1 + κ²) for every d (first layer only: κ² → 0).
        Assert.Equal(4.0, ReluNtk.LinearFunctionRkhsNormSquared(1.0, d, NtkLayers.FirstLayer), 8);
        Assert.Equal(2.0, ReluNtk.LinearFunctionRkhsNormSquared(1.0, d, NtkLayers.BothLayers, 1.0), 8);
        Assert.Equal(4.0 / 1.25, ReluNtk.LinearFunctionRkhsNormSquared(1.0, d, NtkLayers.BothLayers, 0.5), 8);
    }

    [Fact]
    public void WideNetworkFineTuningApproachesKernelPredictorAsWidthGrows()
    {
        // Pretrain a wide NTK-parameterised net (first layer trained) on source labels θ_Sᵀx, fine-tune on target labels, and
        // compare test predictions with f_S + k(·,X)H⁻¹(y − f_S(X)) built from the pretrained net's own f_S. Error ~ 1/√m.
        int d = 4, n = 12;
        var pair = SphereLinearTeachers.WithDistance(d, 1.0, 0.7, new Rng(3));
        var xs = ReluInputs.Sphere(20, d, new Rng(4));
        var ys = LinearAlgebra.Multiply(xs, pair.SourceWeights);
        var x = ReluInputs.Sphere(n, d, new Rng(5));
        var y = LinearAlgebra.Multiply(x, pair.TargetWeights);
        var xt = ReluInputs.Sphere(50, d, new Rng(6));
        double Gap(int m)
        {
            var net = TwoLayerRelu.Initialize(d, m, ReluParameterization.Ntk, new Rng(11));
            var opt = new ReluTrainingOptions(LearningRate: 4.0, MaxSteps: 20000, LossTolerance: 1e-10, GradientTolerance: 0, TrainReadout: false);
            ReluTrainer.Train(net, xs, ys, opt);
            var fsX = net.Forward(x);
            var fsT = net.Forward(xt);
            var pred = new NtkFineTuningPredictor(x, y, fsX, NtkLayers.FirstLayer);
            var r = ReluTrainer.Train(net, x, y, opt);
            Assert.True(r.Converged, $"m={m} did not converge: loss {r.FinalLoss}");
            var kernel = pred.Predict(xt, fsT);
            var sim = net.Forward(xt);
            return Math.Sqrt(Vec.NormSquared(Vec.Subtract(kernel, sim)) / Vec.NormSquared(Vec.Subtract(kernel, fsT)));
        }
        double g1 = Gap(200), g2 = Gap(3200);
        Assert.True(g2 < 0.1, $"relative gap at m=3200: {g2}");
        Assert.True(g2 < 0.5 * g1, $"gap did not shrink with width: {g1} → {g2}");
    }

    [Fact]
    public void OverlapMatchesMonteCarloProjection()
    {
        // Independent estimate: regress f_t on the basis features over many Gaussian samples (least squares), residual
        // mean square → ‖P_⊥f_t‖². Standard error shrinks like 1/√N; tolerance 10 % of ‖f_t‖².
        var pair = ReluTeacherPair.WithRemovedFraction(6, 8, 0.5, new Rng(13));
        var th = ReluFeatureOverlap.ForPair(pair);
        int N = 40000;
        var x = ReluInputs.Gaussian(N, 6, new Rng(14));
        var ft = pair.Target.Evaluate(x);
        var phi = LinearAlgebra.Multiply(x, pair.Source.Neurons, Op.None, Op.Transpose);
        for (int k = 0; k < phi.Data.Length; k++) phi.Data[k] = Math.Max(0, phi.Data[k]);
        var coef = LinearAlgebra.LeastSquares(phi, ft);
        var fit = LinearAlgebra.Multiply(phi, coef);
        double res = Vec.NormSquared(Vec.Subtract(ft, fit)) / N;
        double tot = Vec.NormSquared(ft) / N;
        Assert.True(Math.Abs(tot - th.TargetNormSquared) < 0.05 * th.TargetNormSquared, $"‖f‖² MC {tot} vs {th.TargetNormSquared}");
        Assert.True(Math.Abs(res - th.OutOfSpanNormSquared) < 0.1 * th.TargetNormSquared, $"‖P⊥f‖² MC {res} vs {th.OutOfSpanNormSquared}");
        Assert.True(th.OutOfSpanNormSquared > 0.01 * th.TargetNormSquared);
        // μ = 0: the target is in the span.
        var same = ReluTeacherPair.WithRemovedFraction(6, 8, 0.0, new Rng(13));
        Assert.True(ReluFeatureOverlap.ForPair(same).OutOfSpanNormSquared < 1e-8 * th.TargetNormSquared);
    }

    [Fact]
    public void LinearComponentIsTheMonteCarloCorrelationOfTheTeacherWithTheInput()
    {
        var rng = new Rng(21);
        var teacher = ReluTeacher.Random(5, 7, rng);
        var beta = teacher.LinearComponent();
        int n = 200_000;
        var x = ReluInputs.Gaussian(n, 5, rng);
        var f = teacher.Evaluate(x);
        for (int j = 0; j < 5; j++)
        {
            var samples = Enumerable.Range(0, n).Select(i => f[i] * x[i, j]).ToArray();
            double mean = samples.Average(), sd = Math.Sqrt(samples.Sum(v => (v - mean) * (v - mean)) / (n - 1));
            Assert.True(Math.Abs(mean - beta[j]) < 4 * sd / Math.Sqrt(n), $"coordinate {j}: MC {mean} vs {beta[j]} (SE {sd / Math.Sqrt(n)})");
        }
        // A linear teacher's linear component is itself.
        double[] b = [0.3, -1.2, 2.0];
        Assert.True(Vec.MaxAbsDiff(ReluTeacher.FromLinear(b).LinearComponent(), b) < 1e-14);
    }

    [Fact]
    public void LinearTeacherAsReluTeacherReproducesTheLinearFunction()
    {
        var rng = new Rng(2);
        var beta = rng.Gaussian(5);
        var x = rng.GaussianMatrix(9, 5);
        Assert.True(Vec.MaxAbsDiff(ReluTeacher.FromLinear(beta).Evaluate(x), LinearAlgebra.Multiply(x, beta)) < 1e-12);
        var pair = SphereLinearTeachers.WithDistance(5, 2.0, 0.5, rng);
        Assert.Equal(0.5, pair.Distance, 12);
        Assert.Equal(2.0, Vec.Norm(pair.SourceWeights), 12);
    }
}
