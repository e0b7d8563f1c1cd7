using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Training;

/// <summary>
/// The protocols (<see cref="DeepLinearProtocol"/>) as operations on networks. Each returns the trained network together with the
/// gradient-flow diagnostics (linear transfer is solved in closed form and reports zero steps).
/// </summary>
public static class DeepLinearProtocols
{
    /// <summary>
    /// Default relative cut-off for feature directions in <see cref="LinearTransfer"/>: directions of the feature map
    /// with singular value below 5% of the largest are treated as remnants of the random initialisation
    /// (they are O(init scale) after rich-regime pretraining, Theorem 3.4).
    /// </summary>
    public const double DefaultRankTolerance = 0.05;

    /// <summary>Pretraining: gradient flow on a source loss (population or empirical) from <paramref name="init"/>.</summary>
    public static DeepLinearTrainingResult Pretrain(DeepLinearNetwork init, IEndToEndLoss sourceLoss, DeepLinearTrainingOptions options)
        => DeepLinearGradientFlow.Train(init, sourceLoss, options with { FrozenLayers = 0 });

    /// <summary>
    /// Scratch training on the target data. Tahir et al. Theorem 3.5: from a vanishing initialisation
    /// the flow reaches the minimum-ℓ₂-norm interpolant X⁺y (n &lt; d) or OLS (n &gt; d).
    /// </summary>
    public static DeepLinearTrainingResult Scratch(DeepLinearNetwork init, EmpiricalSquaredLoss target, DeepLinearTrainingOptions options)
        => DeepLinearGradientFlow.Train(init, target, options with { FrozenLayers = 0 });

    /// <summary>Fine-tuning: gradient flow on all layers from the pretrained weights.</summary>
    public static DeepLinearTrainingResult FineTune(DeepLinearNetwork pretrained, EmpiricalSquaredLoss target, DeepLinearTrainingOptions options)
        => DeepLinearGradientFlow.Train(pretrained, target, options with { FrozenLayers = 0 });

    /// <summary>Fine-tuning with the first <paramref name="frozenLayers"/> layers fixed (1 ≤ F ≤ L − 1).</summary>
    public static DeepLinearTrainingResult FineTuneFrozen(DeepLinearNetwork pretrained, EmpiricalSquaredLoss target, int frozenLayers, DeepLinearTrainingOptions options)
    {
        Require.InRange("frozen-layers", frozenLayers, 1, Math.Max(1, pretrained.Depth - 1));
        if (pretrained.Depth < 2) throw new ParameterException("depth", pretrained.Depth, "must be ≥ 2 for the frozen protocol (a depth-1 network has no early layer to freeze)");
        return DeepLinearGradientFlow.Train(pretrained, target, options with { FrozenLayers = frozenLayers });
    }

    /// <summary>
    /// Linear transfer (Tahir et al. §3.3, Theorem 3.7/3.8): keep the feature map M = W₁⋯W_{L−1} and set the
    /// readout to the ridge solution c = argmin (1/n)‖XMc − y‖² + λ‖c‖², the minimum-norm solution at λ = 0.
    /// Feature directions whose singular value is below <paramref name="rankTolerance"/> × the largest are
    /// discarded first: after small-init pretraining they are O(init scale) remnants that an
    /// unregularised solve would amplify (the instability Tahir et al.'s notebook works around with λ = 0.1).
    /// </summary>
    public static DeepLinearTrainingResult LinearTransfer(DeepLinearNetwork pretrained, EmpiricalSquaredLoss target, double ridge = 0.0, double rankTolerance = DefaultRankTolerance)
    {
        if (pretrained.Depth < 2) throw new ParameterException("depth", pretrained.Depth, "must be ≥ 2 for linear-transfer (a depth-1 network has no features to transfer)");
        Require.NonNegative("lambda", ridge);
        Require.InRange("rankTolerance", rankTolerance, 0, 1);
        var m = pretrained.FeatureMap();                 // d×k
        var svd = LinearAlgebra.Svd(m);                  // M = U S Vᵀ
        int r = 0;
        while (r < svd.S.Length && svd.S[r] > rankTolerance * svd.S[0]) r++;
        var x = target.X;
        int n = x.Rows, k = m.Cols;
        // Reduced features Z = X U_r S_r (n×r); readout c = V_r a with a = (ZᵀZ + nλ)^{-1}Zᵀy (or Z⁺y).
        var z = new Matrix(n, r);
        var xu = LinearAlgebra.Multiply(x, svd.U);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < r; j++) z[i, j] = xu[i, j] * svd.S[j];
        double[] a;
        if (ridge > 0)
        {
            var zz = LinearAlgebra.Gram(z);
            for (int j = 0; j < r; j++) zz[j, j] += n * ridge;
            var rhs = new Matrix(r, 1, LinearAlgebra.Multiply(z, target.Y, Op.Transpose));
            a = LinearAlgebra.CholeskySolve(zz, rhs).Data;
        }
        else a = LinearAlgebra.LeastSquares(z, target.Y);
        var readout = new Matrix(k, 1);
        for (int j = 0; j < r; j++)
            for (int i = 0; i < k; i++) readout[i, 0] += svd.Vt[j, i] * a[j];
        var layers = pretrained.Layers.Select(l => l.Clone()).ToArray();
        layers[^1] = readout;
        var net = new DeepLinearNetwork(layers);
        var beta = net.EndToEnd();
        return new DeepLinearTrainingResult(net, 0, true, 0.0, target.Value(beta), net.Imbalance());
    }
}
