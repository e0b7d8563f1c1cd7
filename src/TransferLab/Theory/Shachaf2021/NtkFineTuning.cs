using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Theory.Shachaf2021;

/// <summary>
/// Kernel-regime fine-tuning of a wide two-layer ReLU network (docs/shachaf2021.md §2.4, [R]): gradient flow on the
/// target squared loss from pretrained weights that stay in the lazy regime converges to
/// f_FT(x) = f_S(x) + k(x, X) H⁻¹ (y − f_S(X)), the kernel interpolant of the residual r = y − f_S(X) added to the
/// source function. <see cref="ResidualQuadraticForm"/> = rᵀH⁻¹r is the source–target complexity measure that enters the
/// generalisation bound of Arora et al. 2019 Thm 5.1 with y replaced by r.
/// </summary>
public sealed class NtkFineTuningPredictor
{
    private readonly Matrix _x;
    private readonly double[] _alpha;

    /// <summary>Which kernel is used.</summary>
    public NtkLayers Layers { get; }

    /// <summary>First-layer scale κ (enters the readout kernel).</summary>
    public double WeightScale { get; }

    /// <summary>The training Gram H (n×n).</summary>
    public Matrix Gram { get; }

    /// <summary>The residual r = y − f_S(X) on the target sample.</summary>
    public double[] Residual { get; }

    /// <summary>rᵀH⁻¹r.</summary>
    public double ResidualQuadraticForm { get; }

    /// <summary>Smallest eigenvalue λ₀ of H (Arora et al.'s assumption λ₀ &gt; 0).</summary>
    public double SmallestEigenvalue { get; }

    /// <summary>Fits the predictor on the target sample.</summary>
    /// <param name="x">Target inputs, n×d.</param>
    /// <param name="y">Target labels.</param>
    /// <param name="sourceOnX">f_S(x_i) of the pretrained function (zeros for scratch from a zero-output init).</param>
    /// <param name="layers">Kernel.</param>
    /// <param name="weightScale">κ.</param>
    public NtkFineTuningPredictor(Matrix x, double[] y, double[] sourceOnX, NtkLayers layers, double weightScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(sourceOnX);
        if (y.Length != x.Rows) throw new ParameterException("labels", y.Length, $"must have one label per input row ({x.Rows})");
        if (sourceOnX.Length != x.Rows) throw new ParameterException("source-values", sourceOnX.Length, $"must have one value per input row ({x.Rows})");
        _x = x;
        Layers = layers;
        WeightScale = weightScale;
        Gram = ReluNtk.Gram(x, layers, weightScale);
        Residual = Vec.Subtract(y, sourceOnX);
        var eig = LinearAlgebra.Eigen(Gram);
        SmallestEigenvalue = eig.Values[0];
        if (!(SmallestEigenvalue > 0))
            throw new ParameterException("inputs", SmallestEigenvalue, "the NTK Gram matrix is singular (λ₀ ≤ 0): remove duplicate or parallel inputs");
        _alpha = LinearAlgebra.CholeskySolve(Gram, new Matrix(x.Rows, 1, (double[])Residual.Clone())).Data;
        ResidualQuadraticForm = Vec.Dot(Residual, _alpha);
    }

    /// <summary>f_FT at new inputs: f_S(x) + k(x, X)H⁻¹r.</summary>
    public double[] Predict(Matrix xNew, double[] sourceOnNew)
    {
        ArgumentNullException.ThrowIfNull(xNew);
        ArgumentNullException.ThrowIfNull(sourceOnNew);
        if (sourceOnNew.Length != xNew.Rows) throw new ParameterException("source-values", sourceOnNew.Length, $"must have one value per input row ({xNew.Rows})");
        var k = ReluNtk.Cross(xNew, _x, Layers, WeightScale);
        var f = LinearAlgebra.Multiply(k, _alpha);
        for (int i = 0; i < f.Length; i++) f[i] += sourceOnNew[i];
        return f;
    }

    /// <summary>The data-dependent bound √(2 rᵀH⁻¹r / n) (Arora et al. 2019 Thm 5.1 leading term, residual labels).</summary>
    public double DataDependentBound => NtkFineTuningBounds.DataDependent(ResidualQuadraticForm, Residual.Length);
}

/// <summary>
/// The NTK-regime fine-tuning bounds and sample complexities as functions (docs/shachaf2021.md §2.4, [R]):
/// the leading term √(2rᵀH⁻¹r/n) of the generalisation bound with r = y − f_S(X), the teacher-level proxy 3‖θ_T − θ_S‖/√n
/// from √(rᵀH⁻¹r) ≤ 3‖θ_T − θ_S‖ (Arora et al. 2019 Thm 6.1, p = 1, when f_S = θ_Sᵀx on the sample), and the implied sample
/// complexities n(ε) = O(‖θ_T − θ_S‖²/ε²) for fine-tuning versus O(‖θ_T‖²/ε²) from scratch.
/// The log(n/(λ₀δ))/n term of the theorem is not included (constants unknown).
/// </summary>
public static class NtkFineTuningBounds
{
    /// <summary>√(2 q / n) with q = rᵀH⁻¹r.</summary>
    public static double DataDependent(double residualQuadraticForm, int n)
    {
        Require.NonNegative("rᵀH⁻¹r", residualQuadraticForm);
        Require.Positive("n", n);
        return Math.Sqrt(2 * residualQuadraticForm / n);
    }

    /// <summary>The proxy 3‖θ_T − θ_S‖/√n used in the note (the RKHS-norm bound 3‖Δ‖ divided by √n).</summary>
    public static double TeacherProxy(double teacherDistance, int n)
    {
        Require.NonNegative("teacher-distance", teacherDistance);
        Require.Positive("n", n);
        return 3 * teacherDistance / Math.Sqrt(n);
    }

    /// <summary>
    /// The bound the data-dependent term implies when rᵀH⁻¹r ≤ 9‖Δ‖²: √(2·9‖Δ‖²/n) = 3√2‖Δ‖/√n. It is √2 larger than the
    /// note's proxy; both are reported so the constant is explicit.
    /// </summary>
    public static double ImpliedTeacherBound(double teacherDistance, int n) => Math.Sqrt(2) * TeacherProxy(teacherDistance, n);

    /// <summary>Smallest n with √(2 q/n) ≤ ε for a fixed complexity q (e.g. q = ‖Δ‖²_H or 9‖Δ‖²): ⌈2q/ε²⌉.</summary>
    public static int SampleComplexity(double complexity, double epsilon)
    {
        Require.NonNegative("complexity", complexity);
        Require.Positive("epsilon", epsilon);
        double n = Math.Ceiling(2 * complexity / (epsilon * epsilon));
        return n >= int.MaxValue ? int.MaxValue : Math.Max(1, (int)n);
    }
}
