using TransferLab.Numerics;

namespace TransferLab.Tests.Models;

/// <summary>Small designs and an independent min-distance interpolant (normal equations + Cholesky, not SVD).</summary>
internal static class DeepLinearTestData
{
    public static (Matrix X, double[] Y, double[] S, double[] T) Draw(int d, int n, double sigma, ulong seed, double targetScale = 1.5)
    {
        var rng = new Rng(seed);
        var x = rng.GaussianMatrix(n, d);
        var s = rng.UnitVector(d);
        var t = Vec.Scaled(s, targetScale);
        Vec.Axpy(0.5, rng.UnitVector(d), t);
        var y = LinearAlgebra.Multiply(x, t);
        for (int i = 0; i < n; i++) y[i] += sigma * rng.NextGaussian();
        return (x, y, s, t);
    }

    /// <summary>v₀ + Xᵀ(XXᵀ)⁻¹(y − Xv₀) for a wide X: the interpolant closest to v₀.</summary>
    public static double[] MinDistanceInterpolant(Matrix x, double[] y, double[] start)
    {
        var r = Vec.Subtract(y, LinearAlgebra.Multiply(x, start));
        var a = LinearAlgebra.CholeskySolve(LinearAlgebra.RowGram(x), new Matrix(r.Length, 1, r)).Data;
        return Vec.Add(start, LinearAlgebra.Multiply(x, a, Op.Transpose));
    }

    /// <summary>(I − Xᵀ(XXᵀ)⁻¹X)v.</summary>
    public static double[] NullSpacePart(Matrix x, double[] v)
    {
        var xv = LinearAlgebra.Multiply(x, v);
        var a = LinearAlgebra.CholeskySolve(LinearAlgebra.RowGram(x), new Matrix(xv.Length, 1, xv)).Data;
        return Vec.Subtract(v, LinearAlgebra.Multiply(x, a, Op.Transpose));
    }

    public static double Distance(double[] a, double[] b) => Vec.Norm(Vec.Subtract(a, b));
}
