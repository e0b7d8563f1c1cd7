using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Models;

/// <summary>How a deep linear network is initialised.</summary>
public enum DeepLinearInitKind
{
    /// <summary>
    /// Independent Gaussian entries with standard deviation (init scale)/√(fan-in) in every layer
    /// (Tahir et al.'s code draws α·randn/√d for the hidden layers). Balanced only up to O(scale²).
    /// </summary>
    Gaussian,

    /// <summary>
    /// Exactly balanced rank-one weights along a random input direction, every layer with singular
    /// value equal to the init scale (end-to-end norm scale^L).
    /// </summary>
    BalancedRankOne,
}

/// <summary>Constructors for <see cref="DeepLinearNetwork"/> weights.</summary>
public static class DeepLinearNetworkInit
{
    /// <summary>
    /// Validates depth and widths: depth ≥ 1; exactly L − 1 hidden widths; each ≥ 1. (A scalar-output
    /// network with every width ≥ 1 can represent any linear teacher, since the end-to-end map is a
    /// product whose rank is at most one anyway; width 0 cannot represent a nonzero teacher.)
    /// </summary>
    public static int[] ValidateWidths(int depth, IReadOnlyList<int>? widths, int inputDimension)
    {
        Require.Positive("d", inputDimension);
        if (depth < 1) throw new ParameterException("depth", depth, "must be ≥ 1 (number of weight matrices; 1 = linear regression)");
        if (widths == null || widths.Count == 0)
            return Enumerable.Repeat(inputDimension, depth - 1).ToArray();
        if (widths.Count == 1)
            widths = Enumerable.Repeat(widths[0], depth - 1).ToArray();
        if (widths.Count != depth - 1)
            throw new ParameterException("widths", string.Join(",", widths),
                $"needs depth − 1 = {depth - 1} hidden widths (or one width used for every hidden layer)");
        foreach (int k in widths)
            if (k < 1)
                throw new ParameterException("widths", string.Join(",", widths),
                    "every hidden width must be ≥ 1: a zero-width layer cannot represent a nonzero teacher");
        return widths.ToArray();
    }

    /// <summary>
    /// Balanced rank-one weights whose end-to-end product is exactly <paramref name="theta"/>
    /// (Shachaf et al. 2021 §4, the pretrained network of the deep-linear theory; Tahir et al.
    /// Theorem 3.4 says small-init pretraining converges to this form):
    /// W₁ = s·θ̂ u₁ᵀ, W_l = s·u_{l−1}u_lᵀ, W_L = s·u_{L−1}, s = ‖θ‖^{1/L}, u_l random unit vectors in ℝ^{k_l}.
    /// Then W_lᵀW_l = W_{l+1}W_{l+1}ᵀ = s² u_l u_lᵀ for every l (exact balance).
    /// </summary>
    public static DeepLinearNetwork BalancedRankOne(ReadOnlySpan<double> theta, int depth, IReadOnlyList<int>? widths, Rng rng)
    {
        int d = theta.Length;
        var k = ValidateWidths(depth, widths, d);
        double norm = Vec.Norm(theta);
        if (!(norm > 0)) throw new ParameterException("theta", norm, "the source vector must be nonzero to build balanced rank-one weights");
        double s = Math.Pow(norm, 1.0 / depth);
        var dirs = new double[depth + 1][];
        dirs[0] = Vec.Scaled(theta, 1.0 / norm);
        for (int l = 1; l < depth; l++) dirs[l] = rng.UnitVector(k[l - 1]);
        dirs[depth] = [1.0];
        var layers = new Matrix[depth];
        for (int l = 0; l < depth; l++) layers[l] = Outer(s, dirs[l], dirs[l + 1]);
        return new DeepLinearNetwork(layers);
    }

    /// <summary>Random initialisation of the given kind and scale (the small-scale limit is the rich regime).</summary>
    public static DeepLinearNetwork Random(int inputDimension, int depth, IReadOnlyList<int>? widths, double initScale,
        DeepLinearInitKind kind, Rng rng)
    {
        var k = ValidateWidths(depth, widths, inputDimension);
        Require.Positive("init-scale", initScale);
        if (kind == DeepLinearInitKind.BalancedRankOne)
        {
            var direction = rng.UnitVector(inputDimension);
            direction.AsSpan().Scale(Math.Pow(initScale, depth));
            return BalancedRankOne(direction, depth, k, rng);
        }
        var dims = new int[depth + 1];
        dims[0] = inputDimension;
        for (int l = 1; l < depth; l++) dims[l] = k[l - 1];
        dims[depth] = 1;
        var layers = new Matrix[depth];
        for (int l = 0; l < depth; l++)
            layers[l] = rng.GaussianMatrix(dims[l], dims[l + 1], initScale / Math.Sqrt(dims[l]));
        return new DeepLinearNetwork(layers);
    }

    private static Matrix Outer(double s, double[] u, double[] v)
    {
        var m = new Matrix(u.Length, v.Length);
        for (int i = 0; i < u.Length; i++)
        {
            var row = m.Row(i);
            for (int j = 0; j < v.Length; j++) row[j] = s * u[i] * v[j];
        }
        return m;
    }
}
