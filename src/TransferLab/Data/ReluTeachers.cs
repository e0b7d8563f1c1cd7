using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data;

/// <summary>
/// A two-layer ReLU teacher f*(x) = (1/N) Σ_{i≤k} c_i ReLU(w_iᵀx) with k neuron directions w_i (rows of
/// <see cref="Neurons"/>) and output weights c_i. N is a fixed normaliser (the neuron count of the full target
/// teacher, Tahir et al. §4 "(1/m*)"), so that removing neurons from a teacher removes exactly their terms from the sum.
/// </summary>
public sealed class ReluTeacher
{
    /// <summary>Neuron weight vectors, k×d (unit norm for the random teachers; any norm allowed).</summary>
    public Matrix Neurons { get; }

    /// <summary>Output weights c (length k).</summary>
    public double[] OutputWeights { get; }

    /// <summary>The normaliser N in 1/N.</summary>
    public double Normalizer { get; }

    /// <summary>Input dimension d.</summary>
    public int InputDim => Neurons.Cols;

    /// <summary>Creates a teacher (arrays are not copied).</summary>
    public ReluTeacher(Matrix neurons, double[] outputWeights, double normalizer)
    {
        ArgumentNullException.ThrowIfNull(neurons);
        ArgumentNullException.ThrowIfNull(outputWeights);
        if (outputWeights.Length != neurons.Rows)
            throw new ParameterException("output-weights", outputWeights.Length, $"must equal the number of neurons ({neurons.Rows})");
        Require.Positive("normalizer", normalizer);
        Neurons = neurons;
        OutputWeights = outputWeights;
        Normalizer = normalizer;
    }

    /// <summary>
    /// A linear teacher βᵀx written as a ReLU teacher: βᵀx = ‖β‖ReLU(uᵀx) − ‖β‖ReLU(−uᵀx), u = β/‖β‖. Linear teachers are
    /// therefore the special case of two antipodal neurons.
    /// </summary>
    public static ReluTeacher FromLinear(ReadOnlySpan<double> beta)
    {
        int d = beta.Length;
        double norm = Vec.Norm(beta);
        var w = new Matrix(2, d);
        if (norm > 0)
            for (int j = 0; j < d; j++) { w[0, j] = beta[j] / norm; w[1, j] = -beta[j] / norm; }
        return new ReluTeacher(w, [norm, -norm], 1.0);
    }

    /// <summary>A random teacher with k unit-norm neurons (uniform on the sphere) and c_i ~ N(0, 1) ([U] in the paper; TransferLab's choice).</summary>
    public static ReluTeacher Random(int inputDim, int neurons, Rng rng)
    {
        Require.Positive("d", inputDim);
        Require.Positive("teacher-width", neurons);
        var w = new Matrix(neurons, inputDim);
        for (int i = 0; i < neurons; i++) rng.UnitVector(inputDim).CopyTo(w.Row(i));
        return new ReluTeacher(w, rng.Gaussian(neurons), neurons);
    }

    /// <summary>The teacher restricted to its first <paramref name="keep"/> neurons, with the same normaliser.</summary>
    public ReluTeacher Subset(int keep)
    {
        Require.InRange("neurons-kept", keep, 1, Neurons.Rows);
        var w = new Matrix(keep, InputDim);
        Array.Copy(Neurons.Data, w.Data, keep * InputDim);
        return new ReluTeacher(w, OutputWeights[..keep], Normalizer);
    }

    /// <summary>f*(x_i) for every row of <paramref name="x"/> (one GEMM).</summary>
    public double[] Evaluate(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != InputDim) throw new ParameterException("inputs", x.Cols, $"must have d = {InputDim} columns");
        var h = LinearAlgebra.Multiply(x, Neurons, Op.None, Op.Transpose);
        for (int i = 0; i < h.Data.Length; i++) if (h.Data[i] < 0) h.Data[i] = 0;
        var f = new double[x.Rows];
        LinearAlgebra.Provider.Gemv(Op.None, 1.0 / Normalizer, h, OutputWeights, 0.0, f);
        return f;
    }

    /// <summary>
    /// The linear part of f* under x ~ N(0, I): β = E[f*(x) x] = (1/(2N)) Σ_i c_i w_i, because E[ReLU(wᵀx) x] =
    /// E[1{wᵀx &gt; 0} x xᵀ] w = w/2 for any w. βᵀx is the best linear predictor of f* (the constant part aside) and the
    /// direction a small-initialised network learns first.
    /// </summary>
    public double[] LinearComponent()
    {
        var beta = new double[InputDim];
        LinearAlgebra.Provider.Gemv(Op.Transpose, 0.5 / Normalizer, Neurons, OutputWeights, 0.0, beta);
        return beta;
    }

    /// <summary>Labels f*(x) + ε with ε ~ N(0, σ²).</summary>
    public double[] Labels(Matrix x, double noise, Rng rng)
    {
        Require.NonNegative("noise", noise);
        var y = Evaluate(x);
        if (noise > 0) for (int i = 0; i < y.Length; i++) y[i] += noise * rng.NextGaussian();
        return y;
    }
}

/// <summary>
/// Source and target ReLU teachers with controlled feature overlap (Tahir et al. §4): the target is a random teacher with
/// m* neurons and the source is the same teacher with a fraction μ of its neurons removed (round((1 − μ)m*) kept, at least one).
/// μ = 0: identical tasks; larger μ: more of the target lies outside the source's features.
/// </summary>
/// <param name="Source">f_s.</param>
/// <param name="Target">f_t.</param>
/// <param name="RemovedFraction">μ.</param>
public sealed record ReluTeacherPair(ReluTeacher Source, ReluTeacher Target, double RemovedFraction)
{
    /// <summary>Draws the target teacher and removes the last ⌊μm*⌉ neurons to obtain the source.</summary>
    public static ReluTeacherPair WithRemovedFraction(int inputDim, int teacherWidth, double mu, Rng rng)
    {
        Require.InRange("mu", mu, 0.0, 1.0);
        var target = ReluTeacher.Random(inputDim, teacherWidth, rng);
        return new ReluTeacherPair(target.Subset(KeptNeurons(teacherWidth, mu)), target, mu);
    }

    /// <summary>The source's neuron count round((1 − μ)m*), at least one.</summary>
    public static int KeptNeurons(int teacherWidth, double mu)
    {
        Require.InRange("mu", mu, 0.0, 1.0);
        return Math.Max(1, (int)Math.Round((1 - mu) * teacherWidth));
    }
}

/// <summary>
/// Linear source and target teachers θ_S, θ_T (Shachaf et al.) on the unit sphere with a prescribed distance:
/// ‖θ_T‖ = targetNorm, ‖θ_S‖ = targetNorm, ‖θ_T − θ_S‖ = distance (requires distance ≤ 2·targetNorm).
/// </summary>
public sealed record SphereLinearTeachers(double[] SourceWeights, double[] TargetWeights)
{
    /// <summary>‖θ_T − θ_S‖.</summary>
    public double Distance => Vec.Norm(Vec.Subtract(TargetWeights, SourceWeights));

    /// <summary>Random θ_T of norm <paramref name="targetNorm"/> and θ_S at the given distance on the same sphere.</summary>
    public static SphereLinearTeachers WithDistance(int inputDim, double targetNorm, double distance, Rng rng)
    {
        Require.AtLeast("d", inputDim, 2);
        Require.Positive("target-norm", targetNorm);
        Require.InRange("distance", distance, 0.0, 2 * targetNorm);
        var t = rng.UnitVector(inputDim);
        // An orthogonal unit direction u: Gram–Schmidt on a fresh Gaussian draw.
        var u = rng.Gaussian(inputDim);
        Vec.Axpy(-Vec.Dot(u, t), t, u);
        u.AsSpan().Scale(1.0 / Vec.Norm(u));
        double phi = 2 * Math.Asin(distance / (2 * targetNorm)); // chord length 2 sin(φ/2) = distance/‖θ_T‖
        var thT = Vec.Scaled(t, targetNorm);
        var thS = new double[inputDim];
        for (int j = 0; j < inputDim; j++) thS[j] = targetNorm * (Math.Cos(phi) * t[j] + Math.Sin(phi) * u[j]);
        return new SphereLinearTeachers(thS, thT);
    }
}

/// <summary>Input distributions used with the ReLU teachers.</summary>
public static class ReluInputs
{
    /// <summary>n×d matrix of i.i.d. N(0, 1) entries (x ~ N(0, I_d), Tahir et al. Assumption 3.1).</summary>
    public static Matrix Gaussian(int n, int d, Rng rng)
    {
        Require.Positive("n", n);
        Require.Positive("d", d);
        return rng.GaussianMatrix(n, d);
    }

    /// <summary>n points uniform on the unit sphere S^{d−1} (the NTK analysis' ‖x‖ = 1).</summary>
    public static Matrix Sphere(int n, int d, Rng rng)
    {
        var x = Gaussian(n, d, rng);
        NormalizeRows(x);
        return x;
    }

    /// <summary>Scales every nonzero row to unit norm, in place.</summary>
    public static void NormalizeRows(Matrix x)
    {
        for (int i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            double nrm = Vec.Norm(row);
            if (nrm > 0) row.Scale(1.0 / nrm);
        }
    }
}
