using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Models;

/// <summary>How the output of a <see cref="TwoLayerRelu"/> is scaled with the width m and how it is initialised.</summary>
public enum ReluParameterization
{
    /// <summary>
    /// NTK (lazy) scaling f(x) = (1/√m) Σ_r a_r σ(w_rᵀx), w_r ~ N(0, κ² I), a_r = ±1 uniformly
    /// (Du et al. 2019; Arora et al. 2019, the setting of Shachaf et al. §NTK). As m → ∞ training stays in
    /// the kernel regime with the closed-form Gram of <c>ReluNtk</c>.
    /// </summary>
    Ntk,

    /// <summary>
    /// Mean-field (rich) scaling f(x) = (1/m) Σ_r a_r σ(w_rᵀx), w_r ~ N(0, κ² I/d), a_r ~ N(0, 1)
    /// (Tahir et al. §4). The learning rate is multiplied by m inside the trainer so that each neuron
    /// moves O(1) (see <see cref="TwoLayerRelu.LearningRateScale"/>).
    /// </summary>
    MeanField,

    /// <summary>Standard (PyTorch-like) scaling f(x) = Σ_r a_r σ(w_rᵀx), w_r ~ N(0, κ² I/d), a_r ~ N(0, 1/m).</summary>
    Standard,
}

/// <summary>
/// Two-layer ReLU network f(x) = s · Σ_{r=1}^m a_r ReLU(w_rᵀx) without biases, where the output scale s
/// depends on the <see cref="ReluParameterization"/>. Parameters are the first layer W (m×d, row r = w_r)
/// and the readout a (length m). Forward and backward passes are batched over samples as GEMMs:
/// H = X Wᵀ (n×m), f = s·ReLU(H) a, ∂L/∂W = Gᵀ X with G = s·(g aᵀ) ∘ 1[H &gt; 0].
/// An instance keeps n×m scratch buffers between calls, so one instance must not be used by several threads at once
/// (clone it per thread; <see cref="Clone"/> does not share buffers).
/// </summary>
public sealed class TwoLayerRelu
{
    /// <summary>First-layer weights, m×d (row r is the weight vector w_r of neuron r).</summary>
    public Matrix W { get; }

    /// <summary>Readout weights a (length m).</summary>
    public double[] A { get; }

    private Matrix? _scratchH, _scratchAct;

    /// <summary>Scaling convention.</summary>
    public ReluParameterization Parameterization { get; }

    /// <summary>Width m (number of hidden neurons).</summary>
    public int Width => W.Rows;

    /// <summary>Input dimension d.</summary>
    public int InputDim => W.Cols;

    /// <summary>The output scale s: 1/√m (NTK), 1/m (mean field) or 1 (standard).</summary>
    public double OutputScale => OutputScaleFor(Parameterization, Width);

    /// <summary>
    /// Factor by which the trainer multiplies a nominal learning rate: m for mean field (so that the
    /// per-neuron dynamics are width independent), 1 otherwise. A documented TransferLab choice; the
    /// papers' optimiser settings are unknown (notes tahir2024 §3, shachaf2021 §3).
    /// </summary>
    public double LearningRateScale => Parameterization == ReluParameterization.MeanField ? Width : 1.0;

    /// <summary>Wraps existing weights (not copied).</summary>
    public TwoLayerRelu(Matrix w, double[] a, ReluParameterization parameterization)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(a);
        if (w.Rows == 0) throw new ParameterException("--width", 0, "must be a positive integer (≥ 1)");
        if (a.Length != w.Rows)
            throw new ParameterException("a", a.Length, $"readout length must equal the width m = {w.Rows}");
        W = w;
        A = a;
        Parameterization = parameterization;
    }

    /// <summary>The output scale s for a parameterisation and width.</summary>
    public static double OutputScaleFor(ReluParameterization p, int width) => p switch
    {
        ReluParameterization.Ntk => 1.0 / Math.Sqrt(width),
        ReluParameterization.MeanField => 1.0 / width,
        _ => 1.0,
    };

    /// <summary>
    /// Random initialisation (see each <see cref="ReluParameterization"/> member for the distributions);
    /// <paramref name="initScale"/> is the factor κ on the first layer (and, for mean-field/standard, on the
    /// readout as well, so that κ → 0 is the small-initialisation limit).
    /// </summary>
    public static TwoLayerRelu Initialize(int inputDim, int width, ReluParameterization parameterization, Rng rng, double initScale = 1.0)
    {
        Require.Positive("--d", inputDim);
        Require.Positive("--width", width);
        Require.Positive("--init-scale", initScale);
        ArgumentNullException.ThrowIfNull(rng);
        Matrix w;
        var a = new double[width];
        switch (parameterization)
        {
            case ReluParameterization.Ntk:
                w = rng.GaussianMatrix(width, inputDim, initScale);
                for (int r = 0; r < width; r++) a[r] = rng.NextDouble() < 0.5 ? -1.0 : 1.0;
                break;
            case ReluParameterization.MeanField:
                w = rng.GaussianMatrix(width, inputDim, initScale / Math.Sqrt(inputDim));
                rng.FillGaussian(a, initScale);
                break;
            default:
                w = rng.GaussianMatrix(width, inputDim, initScale / Math.Sqrt(inputDim));
                rng.FillGaussian(a, initScale / Math.Sqrt(width));
                break;
        }
        return new TwoLayerRelu(w, a, parameterization);
    }

    /// <summary>Deep copy.</summary>
    public TwoLayerRelu Clone() => new(W.Clone(), (double[])A.Clone(), Parameterization);

    /// <summary>Total number of parameters m·d + m.</summary>
    public int ParameterCount => W.Data.Length + A.Length;

    private void CheckInputs(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != InputDim)
            throw new ParameterException("inputs", x.Cols, $"must have d = {InputDim} columns");
    }

    // Scratch buffers are reused across calls with the same batch size: in training loops a fresh n×m pair per step
    // lands on the large-object heap and the GC, not BLAS, dominates the time. (A model instance is not shared by threads.)
    private (Matrix H, Matrix Act) Scratch(int n)
    {
        if (_scratchH == null || _scratchAct == null || _scratchH.Rows != n || _scratchH.Cols != Width)
        {
            _scratchH = new Matrix(n, Width);
            _scratchAct = new Matrix(n, Width);
        }
        return (_scratchH, _scratchAct);
    }

    // row[r] ← row[r] > 0 ? c·a[r] : 0, vectorised with System.Numerics.Vector (the O(n·m) part of the backward pass).
    private static void MaskedScale(Span<double> row, ReadOnlySpan<double> a, double c)
    {
        int r = 0, w = System.Numerics.Vector<double>.Count;
        var zero = System.Numerics.Vector<double>.Zero;
        for (; r <= row.Length - w; r += w)
        {
            var hv = new System.Numerics.Vector<double>(row.Slice(r, w));
            var av = new System.Numerics.Vector<double>(a.Slice(r, w)) * c;
            System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(hv, zero), av, zero).CopyTo(row.Slice(r, w));
        }
        for (; r < row.Length; r++) row[r] = row[r] > 0 ? c * a[r] : 0.0;
    }

    /// <summary>Pre-activations H = X Wᵀ (n×m): one GEMM over all samples.</summary>
    public Matrix PreActivations(Matrix x)
    {
        CheckInputs(x);
        return LinearAlgebra.Multiply(x, W, Op.None, Op.Transpose);
    }

    /// <summary>Hidden features ReLU(X Wᵀ) (n×m), unscaled.</summary>
    public Matrix Features(Matrix x)
    {
        var h = PreActivations(x);
        System.Numerics.Tensors.TensorPrimitives.Max(h.Data, 0.0, h.Data);
        return h;
    }

    /// <summary>Network outputs f(x_i) for every row x_i of <paramref name="x"/>.</summary>
    public double[] Forward(Matrix x)
    {
        CheckInputs(x);
        var (_, features) = Scratch(x.Rows);
        LinearAlgebra.Provider.Gemm(Op.None, Op.Transpose, 1.0, x, W, 0.0, features);
        System.Numerics.Tensors.TensorPrimitives.Max(features.Data, 0.0, features.Data);
        var f = new double[x.Rows];
        LinearAlgebra.Provider.Gemv(Op.None, OutputScale, features, A, 0.0, f);
        return f;
    }

    /// <summary>
    /// Loss L = (1/2n) Σ_i (f(x_i) − y_i)² + λ (‖W − W₀‖²_F + ‖a − a₀‖²) and its gradient with respect to
    /// W and a. The penalty (Tahir et al., rebuttal/App. E: λ‖θ − θ₀‖² during pretraining) is applied
    /// only when <paramref name="anchor"/> is given and λ &gt; 0.
    /// </summary>
    public TwoLayerReluGradient LossAndGradient(Matrix x, ReadOnlySpan<double> y, double lambda = 0.0, TwoLayerRelu? anchor = null)
    {
        CheckInputs(x);
        if (y.Length != x.Rows) throw new ParameterException("labels", y.Length, $"must have one label per input row ({x.Rows})");
        int n = x.Rows, m = Width;
        double s = OutputScale;
        var (h, act) = Scratch(n);
        LinearAlgebra.Provider.Gemm(Op.None, Op.Transpose, 1.0, x, W, 0.0, h);   // H = X Wᵀ, n×m
        var hd = h.Data; var ad = act.Data;
        System.Numerics.Tensors.TensorPrimitives.Max(hd, 0.0, ad);          // ReLU, SIMD
        var f = new double[n];
        LinearAlgebra.Provider.Gemv(Op.None, s, act, A, 0.0, f);
        var g = new double[n];                   // ∂L/∂f_i = (f_i − y_i)/n
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double r = f[i] - y[i];
            loss += r * r;
            g[i] = r / n;
        }
        loss /= 2.0 * n;

        var gradA = new double[m];
        LinearAlgebra.Provider.Gemv(Op.Transpose, s, act, g, 0.0, gradA);

        // G_ir = s · g_i · a_r · 1[H_ir > 0], reusing h's storage.
        for (int i = 0; i < n; i++) MaskedScale(hd.AsSpan(i * m, m), A, s * g[i]);
        var gradW = new Matrix(m, InputDim);
        LinearAlgebra.Provider.Gemm(Op.Transpose, Op.None, 1.0, h, x, 0.0, gradW);

        if (anchor != null && lambda > 0)
        {
            if (anchor.Width != m || anchor.InputDim != InputDim)
                throw new ParameterException("anchor", $"{anchor.Width}×{anchor.InputDim}", $"must match the network shape {m}×{InputDim}");
            double pen = 0;
            var wd = W.Data; var w0 = anchor.W.Data; var gw = gradW.Data;
            for (int k = 0; k < wd.Length; k++)
            {
                double dlt = wd[k] - w0[k];
                pen += dlt * dlt;
                gw[k] += 2 * lambda * dlt;
            }
            for (int r = 0; r < m; r++)
            {
                double dlt = A[r] - anchor.A[r];
                pen += dlt * dlt;
                gradA[r] += 2 * lambda * dlt;
            }
            loss += lambda * pen;
        }
        return new TwoLayerReluGradient(loss, gradW, gradA, f);
    }

    /// <summary>
    /// Empirical neural tangent kernel Θ(x, x') = ∇_θ f(x) · ∇_θ f(x') of this finite network between the rows of
    /// <paramref name="x1"/> and <paramref name="x2"/>, split into the first-layer part
    /// s² (X₁X₂ᵀ) ∘ (D₁ diag(a²) D₂ᵀ) and the readout part s² σ(X₁Wᵀ) σ(X₂Wᵀ)ᵀ (D = 1[XWᵀ &gt; 0]); both are GEMMs.
    /// </summary>
    public (Matrix FirstLayer, Matrix SecondLayer) EmpiricalNtk(Matrix x1, Matrix x2)
    {
        CheckInputs(x1);
        CheckInputs(x2);
        double s2 = OutputScale * OutputScale;
        var h1 = PreActivations(x1);
        var h2 = PreActivations(x2);
        int m = Width;
        var d1 = new Matrix(h1.Rows, m);
        var d2 = new Matrix(h2.Rows, m);
        for (int i = 0; i < h1.Rows; i++)
            for (int r = 0; r < m; r++) d1.Data[i * m + r] = h1.Data[i * m + r] > 0 ? A[r] * A[r] : 0.0;
        for (int i = 0; i < h2.Rows; i++)
            for (int r = 0; r < m; r++) d2.Data[i * m + r] = h2.Data[i * m + r] > 0 ? 1.0 : 0.0;
        var ind = LinearAlgebra.Multiply(d1, d2, Op.None, Op.Transpose);
        var dot = LinearAlgebra.Multiply(x1, x2, Op.None, Op.Transpose);
        var first = new Matrix(x1.Rows, x2.Rows);
        for (int k = 0; k < first.Data.Length; k++) first.Data[k] = s2 * ind.Data[k] * dot.Data[k];
        for (int k = 0; k < h1.Data.Length; k++) if (h1.Data[k] < 0) h1.Data[k] = 0;
        for (int k = 0; k < h2.Data.Length; k++) if (h2.Data[k] < 0) h2.Data[k] = 0;
        var second = new Matrix(x1.Rows, x2.Rows);
        LinearAlgebra.Provider.Gemm(Op.None, Op.Transpose, s2, h1, h2, 0.0, second);
        return (first, second);
    }
}

/// <summary>Loss value, gradients and the network outputs at which they were evaluated.</summary>
/// <param name="Loss">(1/2n)‖f − y‖² (+ the penalty toward the anchor, when used).</param>
/// <param name="GradW">∂L/∂W, m×d.</param>
/// <param name="GradA">∂L/∂a, length m.</param>
/// <param name="Outputs">f(x_i) on the batch.</param>
public sealed record TwoLayerReluGradient(double Loss, Matrix GradW, double[] GradA, double[] Outputs);
