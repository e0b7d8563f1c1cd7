using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace TransferLab.Numerics;

/// <summary>
/// Vector kernels on spans. Element-wise kernels use <see cref="TensorPrimitives"/>; reductions (dot products,
/// norms) use our own SIMD loop whose summation order depends on the length alone. TensorPrimitives' reductions
/// align their loads to the span's address, so the same numbers at another address can round differently, which
/// would break bit-for-bit reproducibility of seeded runs.
/// </summary>
public static class Vec
{
    /// <summary>xᵀy, summed in an order fixed by the length (bit-reproducible for any memory address).</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"lengths differ: {x.Length} vs {y.Length}");
        int n = x.Length, i = 0, w = Vector<double>.Count;
        double s = 0;
        if (Vector.IsHardwareAccelerated && n >= 4 * w)
        {
            var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
            var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
            Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
            int k = 0, blocks = n / w;
            for (; k + 4 <= blocks; k += 4)
            {
                a0 += xv[k] * yv[k];
                a1 += xv[k + 1] * yv[k + 1];
                a2 += xv[k + 2] * yv[k + 2];
                a3 += xv[k + 3] * yv[k + 3];
            }
            for (; k < blocks; k++) a0 += xv[k] * yv[k];
            s = Vector.Sum((a0 + a1) + (a2 + a3));
            i = blocks * w;
        }
        for (; i < n; i++) s += x[i] * y[i];
        return s;
    }

    /// <summary>
    /// y ← a·x + y, then returns yᵀv: the same values, bit for bit, as <see cref="Axpy"/> followed by <see cref="Dot"/>
    /// (element-wise a·x + y without fusing the multiply-add, and Dot's summation order), in one pass over y so a
    /// training loop reads each weight row once per step.
    /// </summary>
    public static double AxpyThenDot(double a, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> v)
    {
        if (x.Length != y.Length || y.Length != v.Length) throw new ArgumentException($"lengths differ: {x.Length}, {y.Length}, {v.Length}");
        int n = y.Length, i = 0, w = Vector<double>.Count;
        double s = 0;
        if (Vector.IsHardwareAccelerated && n >= 4 * w)
        {
            var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
            var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
            var vv = MemoryMarshal.Cast<double, Vector<double>>(v);
            var av = new Vector<double>(a);
            Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
            int k = 0, blocks = n / w;
            for (; k + 4 <= blocks; k += 4)
            {
                var y0 = yv[k] = xv[k] * av + yv[k];
                var y1 = yv[k + 1] = xv[k + 1] * av + yv[k + 1];
                var y2 = yv[k + 2] = xv[k + 2] * av + yv[k + 2];
                var y3 = yv[k + 3] = xv[k + 3] * av + yv[k + 3];
                a0 += y0 * vv[k];
                a1 += y1 * vv[k + 1];
                a2 += y2 * vv[k + 2];
                a3 += y3 * vv[k + 3];
            }
            for (; k < blocks; k++) a0 += (yv[k] = xv[k] * av + yv[k]) * vv[k];
            s = Vector.Sum((a0 + a1) + (a2 + a3));
            i = blocks * w;
        }
        for (; i < n; i++)
        {
            y[i] = x[i] * a + y[i];
            s += y[i] * v[i];
        }
        return s;
    }

    /// <summary>‖x‖₂.</summary>
    public static double Norm(ReadOnlySpan<double> x) => Math.Sqrt(Dot(x, x));

    /// <summary>‖x‖₂².</summary>
    public static double NormSquared(ReadOnlySpan<double> x) => Dot(x, x);

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

    /// <summary>Mean squared difference.</summary>
    public static double MeanSquaredError(double[] a, double[] b) => NormSquared(Subtract(a, b)) / a.Length;

    /// <summary>Mean absolute difference.</summary>
    public static double MeanAbsoluteError(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += Math.Abs(a[i] - b[i]);
        return s / a.Length;
    }
}
