using System.Collections.Concurrent;

namespace TransferLab.Numerics;

/// <summary>
/// Gauss–Hermite rules for expectations over a standard normal: E[f(ξ)] ≈ Σ_k w_k f(t_k), ξ ~ N(0, 1), exact for
/// polynomials of degree ≤ 2n − 1. Nodes and weights come from the Golub–Welsch eigenproblem of the Jacobi matrix of
/// the probabilists' Hermite polynomials (He_{k+1} = x He_k − k He_{k−1}: zero diagonal, off-diagonal √k); weights are
/// the squared first components of the eigenvectors. Rules are cached per order.
/// </summary>
public sealed class GaussHermite
{
    private static readonly ConcurrentDictionary<int, GaussHermite> s_cache = new();

    /// <summary>Nodes t_k in ascending order (symmetric about 0).</summary>
    public double[] Nodes { get; }

    /// <summary>Weights w_k (positive, summing to 1).</summary>
    public double[] Weights { get; }

    private GaussHermite(double[] nodes, double[] weights)
    {
        Nodes = nodes;
        Weights = weights;
    }

    /// <summary>The n-point rule (n ≥ 1), computed once per process.</summary>
    public static GaussHermite Rule(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "must be ≥ 1");
        return s_cache.GetOrAdd(n, Build);
    }

    private static GaussHermite Build(int n)
    {
        var j = new Matrix(n, n);
        for (int k = 1; k < n; k++) j[k, k - 1] = j[k - 1, k] = Math.Sqrt(k);
        // The managed eigensolver: the rule is tiny and must not depend on which BLAS is loaded.
        var eig = new ManagedLinearAlgebra().SymmetricEigen(j);
        var nodes = new double[n];
        var weights = new double[n];
        for (int k = 0; k < n; k++)
        {
            nodes[k] = eig.Values[k];
            double v0 = eig.Vectors[0, k];
            weights[k] = v0 * v0;
        }
        // Exact symmetry (the eigensolver gives it to rounding): t_k = −t_{n−1−k}, w_k = w_{n−1−k}.
        for (int k = 0; k < n / 2; k++)
        {
            double t = 0.5 * (nodes[n - 1 - k] - nodes[k]), w = 0.5 * (weights[k] + weights[n - 1 - k]);
            nodes[k] = -t; nodes[n - 1 - k] = t;
            weights[k] = weights[n - 1 - k] = w;
        }
        if (n % 2 == 1) nodes[n / 2] = 0;
        double sum = weights.Sum();
        for (int k = 0; k < n; k++) weights[k] /= sum;
        return new GaussHermite(nodes, weights);
    }

    /// <summary>E[f(ξ)] for ξ ~ N(0, 1).</summary>
    public double Expect(Func<double, double> f)
    {
        double s = 0;
        for (int k = 0; k < Nodes.Length; k++) s += Weights[k] * f(Nodes[k]);
        return s;
    }
}
