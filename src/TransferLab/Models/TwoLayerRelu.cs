using System.Numerics;
using System.Runtime.InteropServices;
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
/// H = X Wᵀ (n×m), f = s·ReLU(H) a, and Q = Mᵀ X with M = s·g 1ᵀ ∘ 1[H &gt; 0], from which ∂L/∂W = diag(a) Q and
/// ∂L/∂a = rowwise ⟨W, Q⟩ (see <see cref="DataLossAndGradient"/>).
/// An instance keeps n×m scratch buffers between calls, so one instance must not be used by several threads at once
/// (clone it per thread; <see cref="Clone"/> does not share buffers).
/// </summary>
public sealed class TwoLayerRelu
{
    /// <summary>First-layer weights, m×d (row r is the weight vector w_r of neuron r).</summary>
    public Matrix W { get; }

    /// <summary>Readout weights a (length m).</summary>
    public double[] A { get; }

    private Matrix? _scratchH, _scratchX, _tailH, _tailX, _wTransposed, _qTransposed;

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
    /// papers' optimiser settings are unknown (docs/tahir2024.md §3, docs/shachaf2021.md §3).
    /// </summary>
    public double LearningRateScale => Parameterization == ReluParameterization.MeanField ? Width : 1.0;

    /// <summary>Wraps existing weights (not copied).</summary>
    public TwoLayerRelu(Matrix w, double[] a, ReluParameterization parameterization)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(a);
        if (w.Rows == 0) throw new ParameterException("width", 0, "must be a positive integer (≥ 1)");
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
        Require.Positive("d", inputDim);
        Require.Positive("width", width);
        Require.Positive("init-scale", initScale);
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

    /// <summary>
    /// ‖θ − θ_ref‖/‖θ_ref‖ over all parameters θ = (W, a): how far training moved the network from
    /// <paramref name="reference"/> (lazy ≈ 0, rich = O(1)).
    /// </summary>
    public double RelativeDistanceFrom(TwoLayerRelu reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return Math.Sqrt(Vec.NormSquared(Vec.Subtract(W.Data, reference.W.Data)) + Vec.NormSquared(Vec.Subtract(A, reference.A)))
               / Math.Sqrt(Vec.NormSquared(reference.W.Data) + Vec.NormSquared(reference.A));
    }

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
    // Two pairs: one for full row blocks, one for the shorter last block.
    private (Matrix H, Matrix X) Buffers(ref Matrix? h, ref Matrix? x, int n)
    {
        if (h == null || x == null || h.Rows != n || h.Cols != Width)
        {
            h = new Matrix(n, Width);
            x = new Matrix(n, InputDim);
        }
        return (h, x);
    }

    // row[r] ← row[r] > 0 ? c : 0, vectorised (the O(n·m) part of the backward pass); loads and stores by reference, as
    // in ReluDot. No sums, so the result does not depend on the vector width.
    private static void MaskFill(Span<double> row, double c)
    {
        int r = 0, w = Vector<double>.Count;
        ref double h = ref MemoryMarshal.GetReference(row);
        var zero = Vector<double>.Zero;
        var cv = new Vector<double>(c);
        for (; r <= row.Length - w; r += w)
        {
            var hv = Vector.LoadUnsafe(ref h, (nuint)r);
            Vector.ConditionalSelect(Vector.GreaterThan(hv, zero), cv, zero).StoreUnsafe(ref h, (nuint)r);
        }
        for (; r < row.Length; r++) row[r] = row[r] > 0 ? c : 0.0;
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
        var features = new Matrix(x.Rows, Width);
        LinearAlgebra.Provider.Gemm(Op.None, Op.Transpose, 1.0, x, W, 0.0, features);
        System.Numerics.Tensors.TensorPrimitives.Max(features.Data, 0.0, features.Data);
        var f = new double[x.Rows];
        LinearAlgebra.Provider.Gemv(Op.None, OutputScale, features, A, 0.0, f);
        return f;
    }

    /// <summary>
    /// Loss L = (1/2n) Σ_i (f(x_i) − y_i)² + λ (‖W − W₀‖²_F + ‖a − a₀‖²) and its gradient with respect to
    /// W and a. The penalty (Tahir et al., rebuttal/App. E: λ‖θ − θ₀‖² during pretraining) is applied
    /// only when <paramref name="anchor"/> is given and λ &gt; 0. Allocates the result; training loops use the
    /// buffer overload <see cref="DataLossAndGradient"/>.
    /// </summary>
    public TwoLayerReluGradient LossAndGradient(Matrix x, ReadOnlySpan<double> y, double lambda = 0.0, TwoLayerRelu? anchor = null)
    {
        var gradW = new Matrix(Width, InputDim);
        var gradA = new double[Width];
        var f = new double[x?.Rows ?? 0];
        double loss = DataLossAndGradient(x!, y, gradW, gradA, f);
        if (anchor != null && lambda > 0)
        {
            if (anchor.Width != Width || anchor.InputDim != InputDim)
                throw new ParameterException("anchor", $"{anchor.Width}×{anchor.InputDim}", $"must match the network shape {Width}×{InputDim}");
            double pen = 0;
            var wd = W.Data; var w0 = anchor.W.Data; var gw = gradW.Data;
            for (int k = 0; k < wd.Length; k++)
            {
                double dlt = wd[k] - w0[k];
                pen += dlt * dlt;
                gw[k] += 2 * lambda * dlt;
            }
            for (int r = 0; r < Width; r++)
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
    /// Data loss (1/2n)‖f − y‖² and its gradient, written into caller-owned buffers (no allocation once the scratch buffers
    /// exist). Samples are processed in row blocks that keep their part of H in L2: per block, one GEMM H_b = X_b Wᵀ (on a
    /// transposed copy of W, so that both factors are taken as stored); then one pass per sample row, while the row is in L1,
    /// for f_i = s·⟨ReLU(h_i), a⟩ and g_i = (f_i − y_i)/n, and a second that overwrites the row with s·g_i·1[h_i &gt; 0] (row i of M_b); then
    /// one GEMM Qᵀ += X_bᵀ M_b (the faster orientation at these shapes). Both gradients follow from Q = MᵀX (m×d), since
    /// Q_rk = s Σ_i g_i 1[h_ir &gt; 0] x_ik:
    /// ∂L/∂w_rk = a_r Q_rk, and ∂L/∂a_r = s Σ_i g_i ReLU(h_ir) = Σ_k w_rk Q_rk (because ReLU(h) = 1[h &gt; 0]·h and
    /// h_ir = Σ_k w_rk x_ik), so the readout gradient costs m·d operations instead of a pass over the n×m activations.
    /// With the first layer frozen the readout gradient is accumulated row by row instead (the second GEMM would cost more).
    /// Measured with <c>bench … relu-profile</c> (docs/benchmarks.md, "ReLU step: both gradients from Q").
    /// </summary>
    /// <param name="x">Inputs, n×d.</param>
    /// <param name="y">Labels, length n.</param>
    /// <param name="gradW">Output ∂L/∂W (m×d); not touched when <paramref name="firstLayer"/> is false.</param>
    /// <param name="gradA">Output ∂L/∂a (length m); not touched when <paramref name="readout"/> is false.</param>
    /// <param name="outputs">Output f(x_i) (length n).</param>
    /// <param name="firstLayer">Compute ∂L/∂W (skip the second GEMM when the first layer is frozen).</param>
    /// <param name="readout">Compute ∂L/∂a.</param>
    /// <returns>The data loss.</returns>
    public double DataLossAndGradient(Matrix x, ReadOnlySpan<double> y, Matrix gradW, Span<double> gradA, Span<double> outputs,
        bool firstLayer = true, bool readout = true)
    {
        CheckInputs(x);
        if (y.Length != x.Rows) throw new ParameterException("labels", y.Length, $"must have one label per input row ({x.Rows})");
        ArgumentNullException.ThrowIfNull(gradW);
        if (firstLayer && (gradW.Rows != Width || gradW.Cols != InputDim)) throw new ArgumentException($"gradW must be {Width}×{InputDim}", nameof(gradW));
        if (readout && gradA.Length != Width) throw new ArgumentException($"gradA must have length {Width}", nameof(gradA));
        if (outputs.Length != x.Rows) throw new ArgumentException($"outputs must have length {x.Rows}", nameof(outputs));
        int n = x.Rows, m = Width, d = InputDim;
        double s = OutputScale;
        bool readoutByRows = readout && !firstLayer;
        if (readoutByRows) gradA.Clear();
        ReadOnlySpan<double> a = A;
        double loss = 0;
        if (_wTransposed == null || _wTransposed.Rows != d || _wTransposed.Cols != m) _wTransposed = new Matrix(d, m);
        Matrix.TransposeInto(W.Data, m, d, _wTransposed.Data);
        // With the first layer trained, Qᵀ (d×m) accumulates in a scratch buffer and is turned into both gradients at the end.
        if (firstLayer && (_qTransposed == null || _qTransposed.Rows != d || _qTransposed.Cols != m)) _qTransposed = new Matrix(d, m);
        // Row blocks of about BlockDoubles entries of H, so that the block stays in L2 between the GEMM that writes it, the
        // row passes and the GEMM that reads it. The block size depends only on m, so results do not depend on threads.
        int block = Math.Min(n, Math.Max(8, BlockDoubles / m));
        var (hFull, xFull) = Buffers(ref _scratchH, ref _scratchX, block);
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int nb = Math.Min(block, n - i0);
            Matrix xb = x, h = hFull;
            if (nb < n)
            {
                // BLAS here takes whole matrices, so a block of X is copied into a buffer (n·d doubles per step, ≪ n·m).
                if (nb != xFull.Rows) (h, xb) = Buffers(ref _tailH, ref _tailX, nb);
                else xb = xFull;
                x.Data.AsSpan(i0 * d, nb * d).CopyTo(xb.Data);
            }
            LinearAlgebra.Provider.Gemm(Op.None, Op.None, 1.0, xb, _wTransposed, 0.0, h);   // H_b = X_b Wᵀ
            var hd = h.Data;
            for (int i = 0; i < nb; i++)
            {
                var row = hd.AsSpan(i * m, m);
                double fi = s * ReluDot(row, a);               // ⟨ReLU(row), a⟩
                outputs[i0 + i] = fi;
                double r = fi - y[i0 + i];
                loss += r * r;
                double gi = r / n;                              // ∂L/∂f_i
                if (readoutByRows)
                {
                    System.Numerics.Tensors.TensorPrimitives.Max(row, 0.0, row);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row, s * gi, gradA, gradA);
                }
                else if (firstLayer) MaskFill(row, s * gi);     // row ← s·g_i·1[row > 0]
            }
            if (firstLayer) LinearAlgebra.Provider.Gemm(Op.Transpose, Op.None, 1.0, xb, h, i0 == 0 ? 0.0 : 1.0, _qTransposed!);   // Qᵀ += X_bᵀ M_b
        }
        if (firstLayer)
        {
            // ∂L/∂a_r = Σ_k w_rk Q_rk: rows of Wᵀ ∘ Qᵀ summed over k, vectors along r; ∂L/∂w_rk = a_r Q_rk by a scaled transpose.
            var qt = _qTransposed!.Data;
            var wt = _wTransposed.Data;
            if (readout)
            {
                gradA.Clear();
                for (int k = 0; k < d; k++)
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(wt.AsSpan(k * m, m), qt.AsSpan(k * m, m), gradA, gradA);
            }
            var gw = gradW.Data;
            for (int r = 0; r < m; r++)
            {
                double ar = a[r];
                for (int k = 0, o = r * d; k < d; k++) gw[o + k] = ar * qt[k * m + r];
            }
        }
        return loss / (2.0 * n);
    }

    /// <summary>
    /// Target size (in doubles) of the row block of H processed at a time by <see cref="DataLossAndGradient"/>: 2^15 (256 KiB)
    /// was fastest in `relu-profile` (thread CPU time, 2 MiB L2) among 2^14 … 2^17 and unblocked. Internal so that the
    /// profile can vary it; changing it changes results in the last bits (the order in which ∂L/∂W is accumulated).
    /// </summary>
    internal static int BlockDoubles = 1 << 15;

    // ⟨max(row, 0), a⟩ in one read-only SIMD pass, four independent accumulators (a single one would make the pass wait on
    // the latency of each multiply–add); the order of the sums depends only on the length. Loads by reference: the
    // span-slicing constructor's bounds checks cost about as much as the arithmetic here.
    private static double ReluDot(ReadOnlySpan<double> row, ReadOnlySpan<double> a)
    {
        int r = 0, w = Vector<double>.Count, len = Math.Min(row.Length, a.Length);
        ref double h = ref MemoryMarshal.GetReference(row);
        ref double av = ref MemoryMarshal.GetReference(a);
        var zero = Vector<double>.Zero;
        Vector<double> acc0 = zero, acc1 = zero, acc2 = zero, acc3 = zero;
        for (; r <= len - 4 * w; r += 4 * w)
        {
            nuint i = (nuint)r, wn = (nuint)w;
            acc0 += Vector.Max(Vector.LoadUnsafe(ref h, i), zero) * Vector.LoadUnsafe(ref av, i);
            acc1 += Vector.Max(Vector.LoadUnsafe(ref h, i + wn), zero) * Vector.LoadUnsafe(ref av, i + wn);
            acc2 += Vector.Max(Vector.LoadUnsafe(ref h, i + 2 * wn), zero) * Vector.LoadUnsafe(ref av, i + 2 * wn);
            acc3 += Vector.Max(Vector.LoadUnsafe(ref h, i + 3 * wn), zero) * Vector.LoadUnsafe(ref av, i + 3 * wn);
        }
        for (; r <= len - w; r += w)
            acc0 += Vector.Max(Vector.LoadUnsafe(ref h, (nuint)r), zero) * Vector.LoadUnsafe(ref av, (nuint)r);
        double sum = Vector.Sum((acc0 + acc1) + (acc2 + acc3));
        for (; r < len; r++)
            if (row[r] > 0) sum += row[r] * a[r];
        return sum;
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
