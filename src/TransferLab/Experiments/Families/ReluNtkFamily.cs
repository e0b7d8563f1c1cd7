using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Schema;
using TransferLab.Theory.Shachaf2021;
using TransferLab.Validation;

namespace TransferLab.Experiments.Families;

/// <summary>
/// NTK-regime fine-tuning of a shallow ReLU network with linear teachers (Shachaf et al. 2021, shallow-ReLU part, after
/// Arora et al. 2019): on one random sample, the source–target complexity rᵀH⁻¹r with r = X(θ_T − θ_S), the
/// data-dependent bound √(2rᵀH⁻¹r/n), the teacher proxy 3‖θ_T − θ_S‖/√n, the exact RKHS norm of the teacher difference and
/// the sample complexities of fine-tuning versus scratch (docs/shachaf2021.md). The simulation that checks it is
/// <see cref="ReluFamily"/> (experiment ntk).
/// </summary>
public sealed class ReluNtkFamily : ModelFamily
{
    /// <summary>Output of the theory computation.</summary>
    /// <param name="D">Input dimension d.</param>
    /// <param name="N">Target sample size n.</param>
    /// <param name="Distance">‖θ_T − θ_S‖.</param>
    /// <param name="Layers">Trained layers defining the kernel (first or both).</param>
    /// <param name="Inputs">sphere (synthetic) or data (rows of the data files).</param>
    /// <param name="FineTuneQuadraticForm">rᵀH⁻¹r with r = X(θ_T − θ_S).</param>
    /// <param name="ScratchQuadraticForm">yᵀH⁻¹y (r = y, scratch from f ≡ 0).</param>
    /// <param name="FineTuneBound">√(2rᵀH⁻¹r/n), fine-tuning.</param>
    /// <param name="ScratchBound">√(2yᵀH⁻¹y/n), scratch.</param>
    /// <param name="TeacherProxy">3‖θ_T − θ_S‖/√n.</param>
    /// <param name="ScratchTeacherProxy">3‖θ_T‖/√n.</param>
    /// <param name="FineTuneRkhsNormSquared">Exact ‖(θ_T − θ_S)ᵀx‖²_H of the NTK.</param>
    /// <param name="ScratchRkhsNormSquared">Exact ‖θ_Tᵀx‖²_H.</param>
    /// <param name="SmallestEigenvalue">λ_min(H) on the sample.</param>
    /// <param name="FineTuneSampleComplexity">⌈2‖θ_T − θ_S‖²_H/ε²⌉.</param>
    /// <param name="ScratchSampleComplexity">⌈2‖θ_T‖²_H/ε²⌉.</param>
    /// <param name="FineTuneSampleComplexityArora">⌈2·9‖θ_T − θ_S‖²/ε²⌉ (Arora et al.'s norm bound).</param>
    /// <param name="ScratchSampleComplexityArora">⌈2·9/ε²⌉.</param>
    public sealed record TheoryResult(int D, int N, double Distance, string Layers, string Inputs,
        double FineTuneQuadraticForm, double ScratchQuadraticForm, double FineTuneBound, double ScratchBound,
        double TeacherProxy, double ScratchTeacherProxy, double FineTuneRkhsNormSquared, double ScratchRkhsNormSquared,
        double SmallestEigenvalue, int FineTuneSampleComplexity, int ScratchSampleComplexity,
        int FineTuneSampleComplexityArora, int ScratchSampleComplexityArora);

    /// <inheritdoc />
    public override ModelSchema Schema { get; } = new("relu-ntk", Compute.Theory,
    [
        new() { Name = "d", Kind = ParameterKind.Integer, UsedBy = Compute.Theory, Default = "10", Min = 2,
            Doc = "Input dimension d; inputs lie on the unit sphere S^{d−1}." },
        new() { Name = "n", Kind = ParameterKind.Integer, UsedBy = Compute.Theory, Default = "100", Min = 1, Doc = "Number of target samples n." },
        new() { Name = "distance", Kind = ParameterKind.Real, UsedBy = Compute.Theory, Default = "0.5", Min = 0, Max = 2,
            Doc = "‖θ_T − θ_S‖ for unit-norm linear teachers." },
        new() { Name = "epsilon", Kind = ParameterKind.Real, UsedBy = Compute.Theory, Default = "0.1", Min = 0, MinExclusive = true,
            Doc = "Target accuracy ε of the sample complexities n(ε) = ⌈2q/ε²⌉." },
        LayersSpec(Compute.Theory, "Trained layers defining the NTK: first (readout fixed, H^∞ of Arora et al.) or both."),
        new() { Name = "seed", Kind = ParameterKind.Seed, UsedBy = Compute.Theory, Default = "1",
            Doc = "Seed of the random sample and teachers." },
        .. RealInputParameters.Specs(Compute.Theory),
    ]);

    /// <inheritdoc />
    public override string Paper => "Shachaf et al. 2021";

    /// <inheritdoc />
    public override string TheoryDescription =>
        "NTK-regime fine-tuning of a shallow ReLU net with linear teachers (Shachaf et al. 2021): the source–target complexity rᵀH⁻¹r with r = X(θ_T − θ_S), " +
        "the bound √(2rᵀH⁻¹r/n), the proxy 3‖θ_T − θ_S‖/√n, the exact RKHS norm of the teacher difference, and sample complexities for fine-tuning vs scratch.";

    /// <summary>The <c>layers</c> parameter (shared with <see cref="ReluFamily"/>).</summary>
    public static ParameterSpec LayersSpec(Compute usedBy, string doc) => new()
    {
        Name = "layers", Kind = ParameterKind.Choice, UsedBy = usedBy, Default = "first", Choices = ["first", "both"], Doc = doc,
    };

    /// <summary>The kernel of a <c>layers</c> value.</summary>
    public static NtkLayers Layers(string name) => name == "both" ? NtkLayers.BothLayers : NtkLayers.FirstLayer;

    /// <inheritdoc />
    /// <remarks>
    /// Counted: the n×n kernel, its Cholesky factor and at most n Lanczos vectors (3 n²) beside the n×d sample; real inputs
    /// add the pool read from the files (max-rows rows of at most 3 072 values, cifar's row size, before projection).
    /// </remarks>
    public override MemoryEstimate? EstimateMemory(ParameterValues p, int runsInFlight)
    {
        double d = p.Integer("d"), n = p.Integer("n");
        double pool = RealInputParameters.Given(p) ? 2 * p.Integer("max-rows") * Math.Max(d, 3072) : 0;
        return MemoryEstimate.OfDoubles(3 * n * n + 4 * n * d + pool, "n", "d", "max-rows");
    }

    /// <inheritdoc />
    public override ModelResult Theory(ParameterValues p)
    {
        int n = p.Integer("n");
        var (teachers, rng) = Teachers(p);
        var gram = new NestedNtkGram(Inputs(p, n, rng), Layers(p.Text("layers")));
        var result = Result(p, n, teachers, gram, gram.SmallestEigenvalue(n), LinearEigenvalue(p));
        return new ModelResult(result, new Report().Record(result, "NTK fine-tuning theory (Shachaf et al. 2021, shallow ReLU)"));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Over n the samples are nested (the teachers are drawn before the inputs, and the inputs row by row), so one
    /// <see cref="NestedNtkGram"/> of the largest sample serves every point: its leading blocks are the points' Grams and
    /// factors, bit for bit. Over distance and epsilon the sample is the same at every point, so the Gram, its factor and
    /// λ_min are shared. On all three the kernel's λ₁ on linear functions (one quadrature, for the RKHS norms) depends on
    /// d and the layers only, so it is computed once. The λ_min of distinct sizes run in parallel, largest first (the
    /// cost grows like n²). Other sweeps change the sample and fall back to the per-point default, as does a sample whose
    /// largest Gram is singular (the per-point computation then reports exactly the points that fail).
    /// </remarks>
    public override IReadOnlyList<object> TheoryCurve(string sweep, IReadOnlyList<ParameterValues> points)
    {
        if (points.Count == 0 || sweep is not ("n" or "distance" or "epsilon")) return base.TheoryCurve(sweep, points);
        var sizes = points.Select(p => p.Integer("n")).ToArray();
        var (_, rng) = Teachers(points[0]);
        NestedNtkGram gram;
        try { gram = new NestedNtkGram(Inputs(points[0], sizes.Max(), rng), Layers(points[0].Text("layers"))); }
        catch (ParameterException) { return base.TheoryCurve(sweep, points); }
        var distinct = sizes.Distinct().OrderDescending().ToArray();
        var smallest = new double[distinct.Length];
        Parallel.For(0, distinct.Length, i => smallest[i] = gram.SmallestEigenvalue(distinct[i]));
        double linearEigenvalue = LinearEigenvalue(points[0]);
        return Enumerable.Range(0, points.Count)
            .Select(i => (object)Result(points[i], sizes[i], Teachers(points[i]).Teachers, gram, smallest[Array.IndexOf(distinct, sizes[i])], linearEigenvalue))
            .ToArray();
    }

    /// <summary>The unit-norm teachers at the given distance, drawn first from the point's stream, and that stream, positioned for the inputs.</summary>
    private static (SphereLinearTeachers Teachers, Rng Rng) Teachers(ParameterValues p)
    {
        var rng = SeedSequence.For(p.Seed("seed"), 5, 1);
        return (SphereLinearTeachers.WithDistance(p.Integer("d"), 1.0, p.Real("distance"), rng), rng);
    }

    /// <summary>The n inputs, row by row from <paramref name="rng"/>: on the sphere, or rows of the data pool without replacement (so the sample of n is the first n rows of any larger one).</summary>
    private static Matrix Inputs(ParameterValues p, int n, Rng rng)
    {
        int d = p.Integer("d");
        var pool = RealInputParameters.LoadPool(p, d);
        if (pool == null) return ReluInputs.Sphere(n, d, rng);
        if (n > pool.Rows) throw new ParameterException("n", n, $"must be ≤ the {pool.Rows} rows read from the data files");
        return RowSampling.Rows(pool, RowSampling.SampleRows(pool.Rows, n, rng), 0, n);
    }

    /// <summary>λ₁ of the point's kernel on linear functions (<see cref="ReluNtk.LinearEigenvalue"/>): it depends on d and the layers only.</summary>
    private static double LinearEigenvalue(ParameterValues p) => ReluNtk.LinearEigenvalue(p.Integer("d"), Layers(p.Text("layers")));

    /// <summary>The theory on the first <paramref name="n"/> rows of the Gram's design, with λ_min(H_n) and the kernel's λ₁ given.</summary>
    private static TheoryResult Result(ParameterValues p, int n, SphereLinearTeachers teachers, NestedNtkGram gram, double smallestEigenvalue,
        double linearEigenvalue)
    {
        int d = p.Integer("d");
        double delta = p.Real("distance"), eps = p.Real("epsilon");
        var kind = Layers(p.Text("layers"));
        if (!(smallestEigenvalue > 0))
            throw new ParameterException("inputs", smallestEigenvalue, "the NTK Gram matrix is singular (λ₀ ≤ 0): remove duplicate or parallel inputs");
        var x = gram.Design;
        var y = new double[n];
        var residual = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = Vec.Dot(x.Row(i), teachers.TargetWeights);
            residual[i] = y[i] - Vec.Dot(x.Row(i), teachers.SourceWeights);
        }
        double qFt = gram.QuadraticForm(residual), qSc = gram.QuadraticForm(y);
        double rkhsFt = ReluNtk.LinearFunctionRkhsNormSquared(delta * delta, d, linearEigenvalue);
        double rkhsSc = ReluNtk.LinearFunctionRkhsNormSquared(1.0, d, linearEigenvalue);
        return new TheoryResult(d, n, delta, kind == NtkLayers.FirstLayer ? "first" : "both", RealInputParameters.Given(p) ? "data" : "sphere",
            qFt, qSc, NtkFineTuningBounds.DataDependent(qFt, n), NtkFineTuningBounds.DataDependent(qSc, n),
            NtkFineTuningBounds.TeacherProxy(delta, n), NtkFineTuningBounds.TeacherProxy(1.0, n),
            rkhsFt, rkhsSc, smallestEigenvalue,
            // Arora et al. 2019 Thm 6.1: ‖Δᵀx‖²_H ≤ 9‖Δ‖² for a linear teacher difference Δ (p = 1).
            NtkFineTuningBounds.SampleComplexity(rkhsFt, eps), NtkFineTuningBounds.SampleComplexity(rkhsSc, eps),
            NtkFineTuningBounds.SampleComplexity(9 * delta * delta, eps), NtkFineTuningBounds.SampleComplexity(9.0, eps));
    }
}
