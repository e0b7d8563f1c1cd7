using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Models;

/// <summary>
/// Scalar-output deep linear network f(x) = xᵀ W₁ W₂ ⋯ W_L (the row-vector convention of Tahir,
/// Ganguli &amp; Rotskoff 2024, §3). W₁ ∈ ℝ^{d×k₁}, W_l ∈ ℝ^{k_{l−1}×k_l}, W_L ∈ ℝ^{k_{L−1}×1}; L counts
/// weight matrices, so L = 1 is linear regression. The end-to-end vector is β = W₁⋯W_L ∈ ℝ^d
/// (Shachaf et al. 2021 write the same object as θ = (W_L⋯W₁)ᵀ with column-vector inputs).
/// </summary>
public sealed class DeepLinearNetwork
{
    private readonly Matrix[] _layers;

    /// <summary>Wraps the given layers (not copied). Shapes must chain and the last layer must have one column.</summary>
    public DeepLinearNetwork(IReadOnlyList<Matrix> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count < 1) throw new ParameterException("depth", layers.Count, "must be ≥ 1 (number of weight matrices)");
        for (int l = 0; l + 1 < layers.Count; l++)
            if (layers[l].Cols != layers[l + 1].Rows)
                throw new ArgumentException($"layer {l + 1} is {layers[l].Rows}×{layers[l].Cols} but layer {l + 2} has {layers[l + 1].Rows} rows", nameof(layers));
        if (layers[^1].Cols != 1) throw new ArgumentException("the last layer must have a single column (scalar output)", nameof(layers));
        _layers = layers.ToArray();
    }

    /// <summary>Depth L (number of weight matrices).</summary>
    public int Depth => _layers.Length;

    /// <summary>Input dimension d.</summary>
    public int InputDimension => _layers[0].Rows;

    /// <summary>Hidden widths k₁ … k_{L−1} (empty for L = 1).</summary>
    public int[] HiddenWidths => _layers.Take(_layers.Length - 1).Select(w => w.Cols).ToArray();

    /// <summary>The weight matrices W₁ … W_L (live references: training updates them in place).</summary>
    public IReadOnlyList<Matrix> Layers => _layers;

    /// <summary>Deep copy.</summary>
    public DeepLinearNetwork Clone() => new(_layers.Select(w => w.Clone()).ToArray());

    /// <summary>End-to-end vector β = W₁ W₂ ⋯ W_L (length d).</summary>
    public double[] EndToEnd() => Apply(_layers[0], RightProducts()[0]);

    /// <summary>
    /// The feature map M = W₁⋯W_{L−1} ∈ ℝ^{d×k_{L−1}} feeding the readout W_L (for L = 1 the d×d
    /// identity: a depth-1 network has no learned features).
    /// </summary>
    public Matrix FeatureMap()
    {
        var m = Matrix.Identity(InputDimension);
        for (int l = 0; l < _layers.Length - 1; l++) m = LinearAlgebra.Multiply(m, _layers[l]);
        return m;
    }

    /// <summary>
    /// Largest Frobenius norm of the adjacent-layer imbalance D_l = W_lᵀW_l − W_{l+1}W_{l+1}ᵀ
    /// (Tahir et al. v2 eq. 36; Arora, Cohen &amp; Hazan 2018). Gradient flow conserves every D_l, so a
    /// balanced start stays balanced; discrete gradient descent breaks this by O(step).
    /// </summary>
    public double Imbalance()
    {
        double worst = 0;
        for (int l = 0; l + 1 < _layers.Length; l++)
        {
            var a = LinearAlgebra.Gram(_layers[l]);        // W_lᵀW_l
            var b = LinearAlgebra.RowGram(_layers[l + 1]); // W_{l+1}W_{l+1}ᵀ
            double s = 0;
            for (int i = 0; i < a.Data.Length; i++) { double t = a.Data[i] - b.Data[i]; s += t * t; }
            worst = Math.Max(worst, Math.Sqrt(s));
        }
        return worst;
    }

    /// <summary>
    /// Right products: element l (0-based layer index) is the vector W_{l+2}⋯W_L that layer l+1
    /// multiplies on the right, so β = W₁·b[0] and b[L−1] = [1].
    /// </summary>
    internal double[][] RightProducts()
    {
        int L = _layers.Length;
        var b = new double[L][];
        b[L - 1] = [1.0];
        for (int l = L - 2; l >= 0; l--) b[l] = Apply(_layers[l + 1], b[l + 1]);
        return b;
    }

    /// <summary>
    /// <see cref="RightProducts()"/> into caller-owned buffers (element l of length k_l, the last of length 1), so a
    /// training loop allocates nothing per step; the same operations in the same order, hence bit-identical values.
    /// </summary>
    internal void RightProducts(double[][] b)
    {
        int L = _layers.Length;
        b[L - 1][0] = 1.0;
        for (int l = L - 2; l >= 0; l--) ApplyInto(_layers[l + 1], b[l + 1], b[l]);
    }

    /// <summary>W·v into <paramref name="result"/> (length W.Rows), as <see cref="Apply"/>.</summary>
    internal static void ApplyInto(Matrix w, ReadOnlySpan<double> v, Span<double> result)
    {
        for (int i = 0; i < w.Rows; i++) result[i] = Vec.Dot(w.Row(i), v);
    }

    /// <summary>Wᵀ·u into <paramref name="result"/> (length W.Cols, overwritten), as <see cref="ApplyTransposed"/>.</summary>
    internal static void ApplyTransposedInto(Matrix w, ReadOnlySpan<double> u, Span<double> result)
    {
        result.Clear();
        for (int i = 0; i < w.Rows; i++)
            if (u[i] != 0) Vec.Axpy(u[i], w.Row(i), result);
    }

    /// <summary>W·v for row-major W (rows dotted with v).</summary>
    internal static double[] Apply(Matrix w, ReadOnlySpan<double> v)
    {
        var r = new double[w.Rows];
        for (int i = 0; i < w.Rows; i++) r[i] = Vec.Dot(w.Row(i), v);
        return r;
    }

    /// <summary>Wᵀ·u for row-major W (rows accumulated with weights u).</summary>
    internal static double[] ApplyTransposed(Matrix w, ReadOnlySpan<double> u)
    {
        var r = new double[w.Cols];
        for (int i = 0; i < w.Rows; i++)
            if (u[i] != 0) Vec.Axpy(u[i], w.Row(i), r);
        return r;
    }
}
