using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data;

/// <summary>A linear teacher fitted to a real label task by least squares on the whole pool.</summary>
/// <param name="Name">What the task is, e.g. "Sneaker vs rest".</param>
/// <param name="Classes">The classes labelled positive.</param>
/// <param name="Labels">The task's labels on the pool rows, y_i = 1{label_i ∈ classes} − (fraction of positives): centred.</param>
/// <param name="Theta">θ = Σ̂⁻¹ (1/N) Xᵀy, the population least-squares teacher of the pool.</param>
/// <param name="ResidualVariance">(1/N)‖y − Xθ‖², the part of the labels no linear teacher explains (σ² of the Gaussian-noise model).</param>
public sealed record RealLabelTask(string Name, int[] Classes, double[] Labels, double[] Theta, double ResidualVariance);

/// <summary>
/// A finite pool of real input rows (e.g. Fashion-MNIST images as centred principal-component coordinates) treated as the
/// population: Σ̂ = XᵀX/N is the "real covariance" and teachers are least-squares fits of real label tasks on the pool. Because
/// such a θ_T makes the residual y − Xθ_T orthogonal to every column, the pool risk of any θ is
/// (1/N)‖y − Xθ‖² = ‖θ − θ_T‖²_Σ̂ + residual variance exactly, so the excess risk ‖θ − θ_T‖²_Σ̂ is the test error on real labels
/// above the best linear one (docs/realdata.md §2).
/// </summary>
/// <param name="X">N×d pool rows.</param>
/// <param name="ClassLabels">Class label of each row.</param>
/// <param name="Covariance">Σ̂ = XᵀX/N in eigen-form.</param>
/// <param name="Source">Where the rows came from.</param>
public sealed record RealLinearPool(Matrix X, int[] ClassLabels, CovarianceModel Covariance, string Source)
{
    /// <summary>Pool of the given rows; Σ̂ = XᵀX/N (the rows are taken as they are: centre them first for a covariance).</summary>
    public static RealLinearPool Create(Matrix x, int[] classLabels, string source)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(classLabels);
        if (classLabels.Length != x.Rows) throw new ParameterException("labels", classLabels.Length, $"must have one entry per pool row ({x.Rows})");
        if (x.Rows <= x.Cols) throw new ParameterException("max-rows", x.Rows, $"the pool needs more rows than dimensions (d = {x.Cols})");
        var sigma = LinearAlgebra.Gram(x);
        sigma.Data.AsSpan().Scale(1.0 / x.Rows);
        return new RealLinearPool(x, classLabels, CovarianceModel.FromMatrix(sigma, $"empirical({x.Rows}×{x.Cols})"), source);
    }

    /// <summary>Rows N.</summary>
    public int Count => X.Rows;

    /// <summary>Dimension d.</summary>
    public int Dimension => X.Cols;

    /// <summary>The one-vs-rest task "<paramref name="classes"/> vs rest" and its least-squares teacher.</summary>
    public RealLabelTask Task(string name, IReadOnlyCollection<int> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var set = classes.ToHashSet();
        int n = Count;
        double positive = ClassLabels.Count(set.Contains) / (double)n;
        if (positive == 0 || positive == 1) throw new ParameterException("classes", string.Join(",", classes), "must label some but not all pool rows positive");
        var y = ClassLabels.Select(l => (set.Contains(l) ? 1.0 : 0.0) - positive).ToArray();
        var theta = FitTeacher(y);
        var fit = LinearAlgebra.Multiply(X, theta);
        double residual = 0;
        for (int i = 0; i < n; i++) residual += (y[i] - fit[i]) * (y[i] - fit[i]);
        return new RealLabelTask(name, set.Order().ToArray(), y, theta, residual / n);
    }

    /// <summary>θ = Σ̂⁻¹ (1/N) Xᵀy, solved in Σ̂'s eigenbasis (directions with zero variance get weight 0).</summary>
    public double[] FitTeacher(ReadOnlySpan<double> y)
    {
        if (y.Length != Count) throw new ParameterException("labels", y.Length, $"must have one entry per pool row ({Count})");
        var xty = LinearAlgebra.Multiply(X, y, Op.Transpose);
        xty.AsSpan().Scale(1.0 / Count);
        var c = Covariance.ToEigenbasis(xty);
        double max = Covariance.Eigenvalues[0];
        for (int k = 0; k < c.Length; k++)
        {
            double l = Covariance.Eigenvalues[k];
            c[k] = l > 1e-12 * max ? c[k] / l : 0;
        }
        return Covariance.FromEigenbasis(c);
    }

    /// <summary>Pool risk (1/N)‖y − Xθ‖² of <paramref name="theta"/> on labels <paramref name="y"/> (direct, for checks).</summary>
    public double PoolRisk(ReadOnlySpan<double> theta, ReadOnlySpan<double> y)
    {
        var f = LinearAlgebra.Multiply(X, theta);
        double s = 0;
        for (int i = 0; i < f.Length; i++) s += (y[i] - f[i]) * (y[i] - f[i]);
        return s / f.Length;
    }
}
