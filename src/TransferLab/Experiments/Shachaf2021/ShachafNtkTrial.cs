using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Experiments.Shachaf2021;

/// <summary>
/// Settings of one NTK-regime fine-tuning run (Shachaf et al., shallow ReLU part; docs/shachaf2021.md §3 "NTK experiment", TransferLab's
/// protocol): inputs on the unit sphere (synthetic, or rows of a real-data pool), linear teachers θ_S, θ_T with ‖θ_T‖ = 1 and
/// ‖θ_T − θ_S‖ = <paramref name="Distance"/>, a width-m NTK-parameterised net pretrained on n_s source samples, then fine-tuned
/// on n target samples.
/// </summary>
/// <param name="D">Input dimension d.</param>
/// <param name="Width">Width m.</param>
/// <param name="SourceSamples">n_s used for pretraining.</param>
/// <param name="Distance">‖θ_T − θ_S‖ ∈ [0, 2].</param>
/// <param name="Noise">Target label noise σ.</param>
/// <param name="TestSamples">Test points for the risk.</param>
/// <param name="LearningRate">GD step η (NTK scaling; η &lt; 4 is stable for the first-layer kernel).</param>
/// <param name="MaxSteps">GD step limit per training phase.</param>
/// <param name="Layers">Trained layers (FirstLayer: readout fixed at ±1, the Arora et al. setting).</param>
/// <param name="InputPool">Optional real inputs (rows on the unit sphere, d columns); null = uniform on the sphere.</param>
public sealed record ShachafNtkSettings(int D, int Width, int SourceSamples, double Distance, double Noise = 0.0,
    int TestSamples = 500, double LearningRate = 2.0, int MaxSteps = 20000, NtkLayers Layers = NtkLayers.FirstLayer, Matrix? InputPool = null)
{
    /// <summary>Checks every field, naming the parameter as the schema spells it (e.g. <c>n-source</c>).</summary>
    public void Validate(int n)
    {
        Require.AtLeast("d", D, 2);
        Require.Positive("width", Width);
        Require.Positive("n-source", SourceSamples);
        Require.Positive("n", n);
        Require.InRange("distance", Distance, 0.0, 2.0);
        Require.NonNegative("noise", Noise);
        Require.Positive("n-test", TestSamples);
        Require.Positive("lr", LearningRate);
        Require.Positive("steps", MaxSteps);
        if (InputPool != null)
        {
            if (InputPool.Cols != D) throw new ParameterException("d", D, $"must equal the real inputs' dimension {InputPool.Cols}");
            int need = SourceSamples + n + TestSamples;
            if (need > InputPool.Rows) throw new ParameterException("n", n, $"n_source + n + n_test = {need} exceeds the {InputPool.Rows} rows of the data file");
        }
    }
}

/// <summary>Result of one run: test risks of networks and kernel predictors, and the bounds.</summary>
/// <param name="N">Target sample size.</param>
/// <param name="FineTuneMse">Test MSE of the fine-tuned network against θ_Tᵀx.</param>
/// <param name="FineTuneKernelMse">Test MSE of f_S + k(·,X)H⁻¹(y − f_S(X)) (theory).</param>
/// <param name="ScratchMse">Test MSE of the same initial network trained on the target only.</param>
/// <param name="ScratchKernelMse">Test MSE of f₀ + k(·,X)H⁻¹(y − f₀(X)).</param>
/// <param name="SourceOnlyMse">Test MSE of the pretrained network without fine-tuning.</param>
/// <param name="FineTuneMae">Test mean absolute error of the fine-tuned net (a 1-Lipschitz loss, the kind the bound covers).</param>
/// <param name="ScratchMae">Same for scratch.</param>
/// <param name="NetworkKernelGap">RMS difference between fine-tuned network and kernel predictor on the test set.</param>
/// <param name="FineTuneQuadraticForm">rᵀH⁻¹r with r = y − f_S(X).</param>
/// <param name="ScratchQuadraticForm">yᵀH⁻¹y-type form with r = y − f₀(X).</param>
/// <param name="FineTuneBound">√(2rᵀH⁻¹r/n), fine-tuning.</param>
/// <param name="ScratchBound">√(2rᵀH⁻¹r/n), scratch.</param>
/// <param name="TeacherProxy">3‖θ_T − θ_S‖/√n.</param>
/// <param name="ScratchTeacherProxy">3‖θ_T‖/√n.</param>
/// <param name="Converged">Both GD phases met the stopping rule (loss ≤ 1e-6·mean y²).</param>
/// <param name="Diverged">Pretraining, fine-tuning or scratch training diverged (<see cref="DivergenceRule"/>): the run's numbers are meaningless.</param>
public sealed record ShachafNtkOutcome(int N, double FineTuneMse, double FineTuneKernelMse, double ScratchMse, double ScratchKernelMse,
    double SourceOnlyMse, double FineTuneMae, double ScratchMae, double NetworkKernelGap, double FineTuneQuadraticForm, double ScratchQuadraticForm,
    double FineTuneBound, double ScratchBound, double TeacherProxy, double ScratchTeacherProxy, bool Converged, bool Diverged = false);

/// <summary>One run of the Shachaf et al. NTK fine-tuning experiment (simulation next to the kernel theory).</summary>
public static class ShachafNtkTrial
{
    /// <summary>Runs pretraining, fine-tuning and scratch for target size <paramref name="n"/>.</summary>
    public static ShachafNtkOutcome Run(ShachafNtkSettings s, int n, Rng rng) => Run(s, [n], rng)[0];

    /// <summary>
    /// Pretrains once (teachers, source sample, initial network and test set drawn from <paramref name="rng"/>) and then
    /// fine-tunes and trains from scratch on a fresh target sample for every size in <paramref name="ns"/>, in order. Sharing
    /// the pretrained network across target sizes (as <see cref="Tahir2024.TahirReluTrial"/> does) removes the dominant cost of a
    /// learning curve: pretraining on n_s samples used to be repeated for every n. With real inputs the target samples are
    /// nested: the first n rows of one block of max(ns) rows disjoint from the source and test rows.
    /// </summary>
    public static ShachafNtkOutcome[] Run(ShachafNtkSettings s, IReadOnlyList<int> ns, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ns);
        if (ns.Count == 0) throw new ParameterException("n", "none", "at least one target size is needed");
        foreach (var n in ns) s.Validate(n);
        int nMax = ns.Max();
        var pair = SphereLinearTeachers.WithDistance(s.D, 1.0, s.Distance, rng);
        Matrix xs, xt;
        int[] idx = [];
        if (s.InputPool == null)
        {
            xs = ReluInputs.Sphere(s.SourceSamples, s.D, rng);
            xt = ReluInputs.Sphere(s.TestSamples, s.D, rng);
        }
        else
        {
            // Source, test and (nested) target rows: disjoint slices of one draw without replacement.
            idx = RowSampling.SampleRows(s.InputPool.Rows, s.SourceSamples + s.TestSamples + nMax, rng);
            xs = RowSampling.Rows(s.InputPool, idx, 0, s.SourceSamples);
            xt = RowSampling.Rows(s.InputPool, idx, s.SourceSamples, s.TestSamples);
        }
        var ys = LinearAlgebra.Multiply(xs, pair.SourceWeights);
        var yt = LinearAlgebra.Multiply(xt, pair.TargetWeights);

        var init = TwoLayerRelu.Initialize(s.D, s.Width, ReluParameterization.Ntk, rng);
        bool trainReadout = s.Layers == NtkLayers.BothLayers;
        ReluTrainingOptions Opt(double[] labels) => new(s.LearningRate, s.MaxSteps,
            LossTolerance: 1e-6 * Math.Max(1e-12, labels.Average(v => v * v)), GradientTolerance: 0, TrainReadout: trainReadout);

        var pre = init.Clone();
        var rp = ReluTrainer.Train(pre, xs, ys, Opt(ys));
        var preTest = pre.Forward(xt);
        var initTest = init.Forward(xt);
        var result = new ShachafNtkOutcome[ns.Count];
        for (int k = 0; k < ns.Count; k++)
        {
            int n = ns[k];
            var x = s.InputPool == null ? ReluInputs.Sphere(n, s.D, rng) : RowSampling.Rows(s.InputPool, idx, s.SourceSamples + s.TestSamples, n);
            var y = LinearAlgebra.Multiply(x, pair.TargetWeights);
            if (s.Noise > 0) for (int i = 0; i < n; i++) y[i] += s.Noise * rng.NextGaussian();
            // Fine-tuning starts from the pretrained net, scratch from the same initial net: train each on the target and
            // compare with the kernel predictor started from the same function.
            (double[] Net, double[] Kernel, NtkFineTuningPredictor Predictor, bool Converged, bool Diverged) FromStart(TwoLayerRelu start, double[] startTest)
            {
                var predictor = new NtkFineTuningPredictor(x, y, start.Forward(x), s.Layers);
                var net = start.Clone();
                var run = ReluTrainer.Train(net, x, y, Opt(y));
                return (net.Forward(xt), predictor.Predict(xt, startTest), predictor, run.Converged, run.Diverged);
            }
            var (ftOut, ftKer, ftKernel, ftConverged, ftDiverged) = FromStart(pre, preTest);
            var (scOut, scKer, scKernel, scConverged, scDiverged) = FromStart(init, initTest);

            result[k] = new ShachafNtkOutcome(n,
                Vec.MeanSquaredError(ftOut, yt), Vec.MeanSquaredError(ftKer, yt), Vec.MeanSquaredError(scOut, yt), Vec.MeanSquaredError(scKer, yt), Vec.MeanSquaredError(preTest, yt), Vec.MeanAbsoluteError(ftOut, yt), Vec.MeanAbsoluteError(scOut, yt),
                Math.Sqrt(Vec.MeanSquaredError(ftOut, ftKer)), ftKernel.ResidualQuadraticForm, scKernel.ResidualQuadraticForm,
                ftKernel.DataDependentBound, scKernel.DataDependentBound,
                NtkFineTuningBounds.TeacherProxy(pair.Distance, n), NtkFineTuningBounds.TeacherProxy(1.0, n),
                rp.Converged && ftConverged && scConverged, rp.Diverged || ftDiverged || scDiverged);
        }
        return result;
    }
}
