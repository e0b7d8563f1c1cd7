using TransferLab.Numerics;

namespace TransferLab.Training;

/// <summary>
/// A square loss that depends on a deep linear network only through its end-to-end vector β, so the
/// layer gradients follow from ∇_β ℓ by the chain rule (see <see cref="DeepLinearGradientFlow"/>).
/// </summary>
public interface IEndToEndLoss
{
    /// <summary>Input dimension d.</summary>
    int Dimension { get; }

    /// <summary>ℓ(β).</summary>
    double Value(ReadOnlySpan<double> beta);

    /// <summary>∇_β ℓ(β), written into <paramref name="gradient"/> (length d).</summary>
    void Gradient(ReadOnlySpan<double> beta, Span<double> gradient);

    /// <summary>Largest eigenvalue of the Hessian ∇²_β ℓ (sets the stable step size).</summary>
    double Curvature { get; }
}

/// <summary>
/// Empirical loss ℓ(β) = (1/2n)‖Xβ − y‖² on n samples (rows of X). Its gradient is Xᵀ(Xβ − y)/n; for n &gt; d it is
/// evaluated as (XᵀX/n)β − Xᵀy/n from the moments computed once, O(d²) a call instead of O(nd) (the same vector up to
/// floating-point rounding; docs/benchmarks.md, issue 15 item 4).
/// </summary>
public sealed class EmpiricalSquaredLoss : IEndToEndLoss
{
    private readonly Matrix _x;
    private readonly double[] _y;
    private readonly double[] _residual;
    private readonly Matrix? _secondMoment;
    private readonly double[]? _crossMoment;

    /// <summary>Creates the loss; X is n×d and y has length n.</summary>
    public EmpiricalSquaredLoss(Matrix x, double[] y)
    {
        if (x.Rows != y.Length) throw new ArgumentException($"X has {x.Rows} rows but y has {y.Length} entries");
        _x = x;
        _y = y;
        _residual = new double[x.Rows];
        Curvature = LinearAlgebra.LargestGramEigenvalue(x) / x.Rows;
        if (x.Rows > x.Cols)
        {
            int n = x.Rows;
            _secondMoment = LinearAlgebra.Gram(x);
            _secondMoment.Data.AsSpan().Scale(1.0 / n);
            _crossMoment = LinearAlgebra.Multiply(x, y, Op.Transpose);
            _crossMoment.AsSpan().Scale(1.0 / n);
        }
    }

    /// <inheritdoc />
    public int Dimension => _x.Cols;

    /// <inheritdoc />
    public double Curvature { get; }

    /// <summary>The design matrix.</summary>
    public Matrix X => _x;

    /// <summary>The labels.</summary>
    public double[] Y => _y;

    /// <inheritdoc />
    public double Value(ReadOnlySpan<double> beta)
    {
        double s = 0;
        for (int i = 0; i < _x.Rows; i++) { double r = Vec.Dot(_x.Row(i), beta) - _y[i]; s += r * r; }
        return s / (2.0 * _x.Rows);
    }

    /// <inheritdoc />
    public void Gradient(ReadOnlySpan<double> beta, Span<double> gradient)
    {
        if (_secondMoment is { } m)
        {
            for (int j = 0; j < m.Rows; j++) gradient[j] = Vec.Dot(m.Row(j), beta) - _crossMoment![j];
            return;
        }
        // Not thread-safe (shared residual buffer); one loss object per run.
        int n = _x.Rows;
        for (int i = 0; i < n; i++) _residual[i] = (Vec.Dot(_x.Row(i), beta) - _y[i]) / n;
        gradient.Clear();
        for (int i = 0; i < n; i++) Vec.Axpy(_residual[i], _x.Row(i), gradient);
    }
}

/// <summary>
/// Population loss ℓ(β) = ½(β − β*)ᵀΣ(β − β*) of a linear teacher β* under inputs with second-moment
/// matrix Σ (Σ = I when no spectrum is given; a diagonal Σ when a spectrum is given). Tahir et al.
/// pretrain on this loss to model an infinite source data set (§3, "population training").
/// </summary>
public sealed class PopulationSquaredLoss : IEndToEndLoss
{
    private readonly double[] _target;
    private readonly double[]? _spectrum;

    /// <summary>Creates the loss for teacher <paramref name="target"/> and optional diagonal covariance.</summary>
    public PopulationSquaredLoss(double[] target, double[]? spectrum = null)
    {
        if (spectrum != null && spectrum.Length != target.Length) throw new ArgumentException("spectrum length must equal d");
        _target = target;
        _spectrum = spectrum;
        Curvature = spectrum == null ? 1.0 : spectrum.Max();
    }

    /// <inheritdoc />
    public int Dimension => _target.Length;

    /// <inheritdoc />
    public double Curvature { get; }

    /// <inheritdoc />
    public double Value(ReadOnlySpan<double> beta)
    {
        double s = 0;
        for (int i = 0; i < _target.Length; i++)
        {
            double t = beta[i] - _target[i];
            s += (_spectrum?[i] ?? 1.0) * t * t;
        }
        return 0.5 * s;
    }

    /// <inheritdoc />
    public void Gradient(ReadOnlySpan<double> beta, Span<double> gradient)
    {
        for (int i = 0; i < _target.Length; i++) gradient[i] = (_spectrum?[i] ?? 1.0) * (beta[i] - _target[i]);
    }
}
