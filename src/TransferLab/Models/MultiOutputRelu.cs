using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Models;

/// <summary>
/// Two-layer ReLU network with K outputs in the mean-field scaling, F(x) = (1/m) Σ_r A_r ReLU(w_rᵀx) ∈ ℝ^K: the
/// <see cref="TwoLayerRelu"/> (<see cref="ReluParameterization.MeanField"/>) with a matrix readout A (m×K) instead of a
/// vector. It is used to pretrain on a many-class task (CIFAR-100 with one-hot targets) before the first layer is handed
/// to a scalar-output <see cref="TwoLayerRelu"/> for fine-tuning on a binary task. Forward and backward passes are GEMMs:
/// H = XWᵀ, F = (1/m)ReLU(H)A, ∂L/∂A = (1/m)ReLU(H)ᵀG, ∂L/∂W = ((1/m)GAᵀ ∘ 1[H &gt; 0])ᵀX, with G = (F − Y)/n.
/// Not thread-safe (no shared buffers, but callers should clone per thread).
/// </summary>
public sealed class MultiOutputRelu
{
    /// <summary>First-layer weights, m×d.</summary>
    public Matrix W { get; }

    /// <summary>Readout weights, m×K (row r belongs to neuron r).</summary>
    public Matrix A { get; }

    /// <summary>Width m.</summary>
    public int Width => W.Rows;

    /// <summary>Input dimension d.</summary>
    public int InputDim => W.Cols;

    /// <summary>Number of outputs K.</summary>
    public int Outputs => A.Cols;

    /// <summary>Output scale 1/m (mean field).</summary>
    public double OutputScale => 1.0 / Width;

    /// <summary>Factor m applied to a nominal learning rate (as for the mean-field <see cref="TwoLayerRelu"/>).</summary>
    public double LearningRateScale => Width;

    /// <summary>Wraps existing weights (not copied).</summary>
    public MultiOutputRelu(Matrix w, Matrix a)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(a);
        if (w.Rows == 0) throw new ParameterException("width", 0, "must be a positive integer (≥ 1)");
        if (a.Rows != w.Rows) throw new ParameterException("A", a.Rows, $"readout rows must equal the width m = {w.Rows}");
        W = w;
        A = a;
    }

    /// <summary>Deep copy.</summary>
    public MultiOutputRelu Clone() => new(W.Clone(), A.Clone());

    private void Check(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != InputDim) throw new ParameterException("inputs", x.Cols, $"must have d = {InputDim} columns");
    }

    /// <summary>Outputs F (n×K).</summary>
    public Matrix Forward(Matrix x)
    {
        Check(x);
        var act = LinearAlgebra.Multiply(x, W, Op.None, Op.Transpose);
        System.Numerics.Tensors.TensorPrimitives.Max(act.Data, 0.0, act.Data);
        var f = new Matrix(x.Rows, Outputs);
        LinearAlgebra.Provider.Gemm(Op.None, Op.None, OutputScale, act, A, 0.0, f);
        return f;
    }

    /// <summary>Loss (1/2n)‖F − Y‖²_F and its gradients with respect to W (m×d) and A (m×K).</summary>
    public (double Loss, Matrix GradW, Matrix GradA) LossAndGradient(Matrix x, Matrix y)
    {
        Check(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Rows != x.Rows || y.Cols != Outputs)
            throw new ParameterException("targets", $"{y.Rows}×{y.Cols}", $"must be {x.Rows}×{Outputs} (one row of K targets per input)");
        int n = x.Rows, m = Width;
        double s = OutputScale;
        // Activations ReLU(XWᵀ) in place; act > 0 exactly where the pre-activation is > 0 (NaN stays NaN), so they also
        // serve as the ReLU derivative's mask below.
        var act = LinearAlgebra.Multiply(x, W, Op.None, Op.Transpose);
        System.Numerics.Tensors.TensorPrimitives.Max(act.Data, 0.0, act.Data);
        var g = new Matrix(n, Outputs);
        LinearAlgebra.Provider.Gemm(Op.None, Op.None, s, act, A, 0.0, g);
        double loss = 0;
        var gd = g.Data; var yd = y.Data;
        for (int k = 0; k < gd.Length; k++)
        {
            double r = gd[k] - yd[k];
            loss += r * r;
            gd[k] = r / n;
        }
        loss /= 2.0 * n;
        var gradA = new Matrix(m, Outputs);
        LinearAlgebra.Provider.Gemm(Op.Transpose, Op.None, s, act, g, 0.0, gradA);
        var back = new Matrix(n, m);
        LinearAlgebra.Provider.Gemm(Op.None, Op.Transpose, s, g, A, 0.0, back);
        var bd = back.Data; var ad = act.Data;
        for (int k = 0; k < bd.Length; k++) if (!(ad[k] > 0)) bd[k] = 0.0;
        var gradW = new Matrix(m, InputDim);
        LinearAlgebra.Provider.Gemm(Op.Transpose, Op.None, 1.0, back, x, 0.0, gradW);
        return (loss, gradW, gradA);
    }

    /// <summary>
    /// A scalar-output mean-field <see cref="TwoLayerRelu"/> with this network's first layer (copied) and the readout
    /// <paramref name="readout"/> (copied): how the pretrained features are handed to fine-tuning.
    /// </summary>
    public TwoLayerRelu WithScalarReadout(ReadOnlySpan<double> readout)
    {
        if (readout.Length != Width) throw new ParameterException("readout", readout.Length, $"must have one weight per neuron ({Width})");
        return new TwoLayerRelu(W.Clone(), readout.ToArray(), ReluParameterization.MeanField);
    }
}
