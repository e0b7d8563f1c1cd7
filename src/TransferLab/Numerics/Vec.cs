using System.Numerics.Tensors;

namespace TransferLab.Numerics;

/// <summary>Vector kernels on spans (SIMD through <see cref="TensorPrimitives"/>).</summary>
public static class Vec
{
    /// <summary>xᵀy.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => TensorPrimitives.Dot(x, y);

    /// <summary>‖x‖₂.</summary>
    public static double Norm(ReadOnlySpan<double> x) => TensorPrimitives.Norm(x);

    /// <summary>‖x‖₂².</summary>
    public static double NormSquared(ReadOnlySpan<double> x) => TensorPrimitives.SumOfSquares(x);

    /// <summary>y ← a·x + y.</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.MultiplyAdd(x, a, y, y);

    /// <summary>x ← a·x.</summary>
    public static void Scale(this Span<double> x, double a) => TensorPrimitives.Multiply(x, a, x);

    /// <summary>x − y as a new array.</summary>
    public static double[] Subtract(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var r = new double[x.Length];
        TensorPrimitives.Subtract(x, y, r);
        return r;
    }

    /// <summary>x + y as a new array.</summary>
    public static double[] Add(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var r = new double[x.Length];
        TensorPrimitives.Add(x, y, r);
        return r;
    }

    /// <summary>a·x as a new array.</summary>
    public static double[] Scaled(ReadOnlySpan<double> x, double a)
    {
        var r = new double[x.Length];
        TensorPrimitives.Multiply(x, a, r);
        return r;
    }

    /// <summary>Largest absolute difference.</summary>
    public static double MaxAbsDiff(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double m = 0;
        for (int i = 0; i < x.Length; i++) m = Math.Max(m, Math.Abs(x[i] - y[i]));
        return m;
    }

    /// <summary>vᵀAv for a symmetric (or any square) matrix A.</summary>
    public static double QuadraticForm(Matrix a, ReadOnlySpan<double> v)
    {
        if (a.Rows != v.Length || a.Cols != v.Length) throw new ArgumentException("shape mismatch");
        double s = 0;
        for (int i = 0; i < a.Rows; i++) s += v[i] * Dot(a.Row(i), v);
        return s;
    }
}
