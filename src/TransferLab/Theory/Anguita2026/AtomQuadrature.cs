using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TransferLab.Theory.Anguita2026;

/// <summary>
/// One channel of the replica's coordinate law at (s², g): β* ~ N(μ, v) observed through z = β* + sξ, and the quadrature
/// nodes over the standardized channel output shared by every atom (every scale c) of the channel.
/// </summary>
internal readonly ref struct ChannelAtPoint
{
    /// <summary>
    /// The channel and its nodes, built into <paramref name="nodeBuffer"/> and <paramref name="weightBuffer"/>
    /// (<see cref="ChannelQuadrature.MaxNodes"/> each) with <paramref name="pointsPerPanel"/> Gauss–Legendre points per panel.
    /// </summary>
    public ChannelAtPoint(double mean, double variance, double s2, double g, int pointsPerPanel, Span<double> nodeBuffer, Span<double> weightBuffer)
    {
        Mean = mean;
        Total = variance + s2;
        Sd = Math.Sqrt(Total);
        Kappa = variance / Total;
        KappaByS2 = variance / (Total * Total);
        G = g;
        // The proximal map bends where |z| ≈ g (the dead zone of the near-ℓ1 penalty): resolve that scale.
        // Zero-mean channels: η is odd, so every integrand is even in z and half the line suffices.
        int count = ChannelQuadrature.Build(mean / Sd, g / Sd, nodeBuffer, weightBuffer, pointsPerPanel, symmetric: mean == 0);
        Nodes = nodeBuffer[..count];
        Weights = weightBuffer[..count];
    }

    /// <summary>μ, the mean of β*.</summary>
    public double Mean { get; }
    /// <summary>v + s², the variance of z.</summary>
    public double Total { get; }
    /// <summary>√(v + s²).</summary>
    public double Sd { get; }
    /// <summary>κ = v/(v + s²): E[β* | z] = μ + κ(z − μ).</summary>
    public double Kappa { get; }
    /// <summary>∂κ/∂s² (up to sign) = v/(v + s²)².</summary>
    public double KappaByS2 { get; }
    /// <summary>The proximal strength g (the map is that of g·φ_c).</summary>
    public double G { get; }
    /// <summary>Standard-normal nodes t_k (z = μ + √(v + s²)·t_k), running outward from the bend.</summary>
    public ReadOnlySpan<double> Nodes { get; }
    /// <summary>Weights, the normal density included.</summary>
    public ReadOnlySpan<double> Weights { get; }
}

/// <summary>
/// The six quadrature sums of one atom (one scale c) over its channel's nodes, before the atom's probability and the
/// analytic Var(β* | z) terms are added (<see cref="ReplicaSolver"/>): E[(η − E[β*|z])²], E[η'] and their derivatives
/// in s² and g at fixed nodes (docs/anguita2026.md §3.3, §3.6).
/// </summary>
internal readonly record struct AtomSums(double Error, double Slope, double ErrorByS2, double ErrorByG, double SlopeByS2, double SlopeByG);

/// <summary>
/// The inner loop of the replica moments: at each node, the proximal map u = η(z) of g·φ_c (the root t of
/// c·sinh t + (g/2)·t = |z|, u = c·sinh t, by Newton started on the tangent from the previous node) and the integrands.
/// One atom at a time, or four atoms of one channel at once in the lanes of 256-bit vectors: the nodes, and with them
/// every branch but the Newton iteration count, are shared by the atoms of a channel, so each lane runs the scalar
/// algorithm's arithmetic unchanged; only its exponentials come from <see cref="Vector256.Exp(Vector256{double})"/>
/// instead of <see cref="Math.Exp"/> (within 2 ulp of it). The imperfect-PT law, with 18 scales c per channel, spends
/// most of its time in this loop (docs/benchmarks.md, "Replica curves: four atoms at once").
/// </summary>
internal static class AtomQuadrature
{
    /// <summary>Newton on c·sinh t + h·t = |z| stops once its step is below this (its error is then below step²/2).</summary>
    private const double NewtonStep = 1e-9;
    private const int MaxNewton = 100;

    /// <summary>The sums of the atom with scale <paramref name="c"/>.</summary>
    public static AtomSums Sums(in ChannelAtPoint ch, double c)
    {
        double mu = ch.Mean, sd = ch.Sd, kappa = ch.Kappa, dKappa = ch.KappaByS2, tot = ch.Total, g = ch.G, h = 0.5 * g;
        var nodes = ch.Nodes;
        var weights = ch.Weights;
        double e = 0, m = 0, eS = 0, eG = 0, mS = 0, mG = 0;
        double previousZ = 0, previousT = 0, previousRate = 0;
        for (int k = 0; k < nodes.Length; k++)
        {
            double w = weights[k], zc = sd * nodes[k], z = mu + zc, az = Math.Abs(z);
            double u, eta, tt, cosh;
            if (z == 0)
            {
                u = 0; tt = 0; cosh = 1;
                eta = 1 / (1 + h / c);
            }
            else
            {
                // Newton on c·sinh t + h·t = |z| (t = asinh(|u|/c), convex and increasing for t ≥ 0), started on the
                // tangent from the previous node (nodes run outward from the bend) or at u = z.
                double t = z * previousZ > 0 ? Math.Max(0, previousT + (az - Math.Abs(previousZ)) * previousRate) : Math.Asinh(az / c);
                double sh = 0, step = 0;
                cosh = 1;
                for (int it = 0; it < MaxNewton; it++)
                {
                    (sh, cosh) = ImplicitBiasPotential.SinhCosh(t);
                    step = (c * sh - az + h * t) / (c * cosh + h);
                    double next = t - step;
                    if (next < 0) { next = 0; step = t; } // the root has t ≥ 0 (F(0) = −|z| < 0)
                    t = next;
                    if (Math.Abs(step) <= NewtonStep) break;
                }
                // sinh and cosh at the final t from those at the last iterate (the step is below 1e-9).
                double shT = sh - cosh * step, chT = cosh - sh * step;
                u = c * shT;
                cosh = chT;
                eta = 1 / (1 + h / (c * chT));
                previousZ = z;
                previousT = t;
                previousRate = eta / (c * chT); // dt/d|z|
                tt = t;
                if (z < 0) { u = -u; tt = -t; }
            }
            double r = u - kappa * zc - mu;
            double q = c * cosh, hp = -0.5 * u / (q * q * q); // φ''(u) = 1/(2q), q = √(u² + c²) = c·cosh t
            double duDg = -0.5 * tt * eta;                     // ∂u/∂g = −φ'(u)·η'
            double dzDs2 = zc / (2 * tot);
            e += w * r * r;
            m += w * eta;
            eS += w * 2 * r * ((eta - kappa) * dzDs2 + dKappa * zc);
            eG += w * 2 * r * duDg;
            mS += w * (-g * hp * eta * eta * eta) * dzDs2; // ∂η'/∂z = −g·φ'''(u)·η'³
            mG += w * (-eta * eta * (0.5 / q + g * hp * duDg));
        }
        return new AtomSums(e, m, eS, eG, mS, mG);
    }

    /// <summary>
    /// The sums of four atoms of the channel, scales <paramref name="c"/>[0..4), written to <paramref name="sums"/>[0..4):
    /// the arithmetic of <see cref="Sums"/> lane by lane (a lane whose Newton iteration has stopped keeps its values while
    /// the others go on), with vector exponentials.
    /// </summary>
    public static void FourSums(in ChannelAtPoint ch, ReadOnlySpan<double> c, Span<AtomSums> sums)
    {
        double mu = ch.Mean, sd = ch.Sd, kappa = ch.Kappa, dKappa = ch.KappaByS2, tot = ch.Total, g = ch.G, h = 0.5 * g;
        var nodes = ch.Nodes;
        var weights = ch.Weights;
        var cv = Vector256.Create(c[0], c[1], c[2], c[3]);
        var hv = Vector256.Create(h);
        var zero = Vector256<double>.Zero;
        var one = Vector256.Create(1.0);
        var half = Vector256.Create(0.5);
        var minusHalf = Vector256.Create(-0.5);
        var two = Vector256.Create(2.0);
        var newtonStep = Vector256.Create(NewtonStep);
        var gv = Vector256.Create(g);
        var minusG = Vector256.Create(-g);
        Vector256<double> e = zero, m = zero, eS = zero, eG = zero, mS = zero, mG = zero;
        double previousZ = 0;
        Vector256<double> previousT = zero, previousRate = zero;
        for (int k = 0; k < nodes.Length; k++)
        {
            double zcs = sd * nodes[k], zs = mu + zcs, azs = Math.Abs(zs);
            var w = Vector256.Create(weights[k]);
            var zc = Vector256.Create(zcs);
            Vector256<double> u, eta, tt, cosh;
            if (zs == 0)
            {
                u = zero; tt = zero; cosh = one;
                eta = one / (one + hv / cv);
            }
            else
            {
                var az = Vector256.Create(azs);
                Vector256<double> t;
                if (zs * previousZ > 0)
                    t = Vector256.Max(zero, previousT + (az - Vector256.Create(Math.Abs(previousZ))) * previousRate);
                else
                    t = Vector256.Create(Math.Asinh(azs / c[0]), Math.Asinh(azs / c[1]), Math.Asinh(azs / c[2]), Math.Asinh(azs / c[3]));
                Vector256<double> sh = zero, step = zero;
                cosh = one;
                var active = Vector256<double>.AllBitsSet;
                for (int it = 0; it < MaxNewton; it++)
                {
                    var (shNew, chNew) = SinhCosh(t);
                    var stepNew = (cv * shNew - az + hv * t) / (cv * chNew + hv);
                    var next = t - stepNew;
                    var negative = Vector256.LessThan(next, zero);
                    next = Vector256.ConditionalSelect(negative, zero, next);
                    stepNew = Vector256.ConditionalSelect(negative, t, stepNew);
                    sh = Vector256.ConditionalSelect(active, shNew, sh);
                    cosh = Vector256.ConditionalSelect(active, chNew, cosh);
                    step = Vector256.ConditionalSelect(active, stepNew, step);
                    t = Vector256.ConditionalSelect(active, next, t);
                    active &= Vector256.GreaterThan(Vector256.Abs(stepNew), newtonStep);
                    if (active == Vector256<double>.Zero) break;
                }
                var shT = sh - cosh * step;
                var chT = cosh - sh * step;
                u = cv * shT;
                cosh = chT;
                eta = one / (one + hv / (cv * chT));
                previousZ = zs;
                previousT = t;
                previousRate = eta / (cv * chT);
                tt = t;
                if (zs < 0) { u = -u; tt = -t; }
            }
            var r = u - Vector256.Create(kappa * zcs) - Vector256.Create(mu);
            var q = cv * cosh;
            var hp = minusHalf * u / (q * q * q);
            var duDg = minusHalf * tt * eta;
            var dzDs2 = Vector256.Create(zcs / (2 * tot));
            e += w * r * r;
            m += w * eta;
            eS += w * two * r * ((eta - Vector256.Create(kappa)) * dzDs2 + Vector256.Create(dKappa * zcs));
            eG += w * two * r * duDg;
            mS += w * (minusG * hp * eta * eta * eta) * dzDs2;
            mG += w * (-eta * eta * (half / q + gv * hp * duDg));
        }
        for (int l = 0; l < 4; l++)
            sums[l] = new AtomSums(e[l], m[l], eS[l], eG[l], mS[l], mG[l]);
    }

    // ImplicitBiasPotential.SinhCosh lane by lane: the Taylor series below SeriesBelow, one exponential above.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Sinh, Vector256<double> Cosh) SinhCosh(Vector256<double> t)
    {
        var one = Vector256.Create(1.0);
        var t2 = t * t;
        var shSmall = t * (one + t2 / Vector256.Create(6.0) * (one + t2 / Vector256.Create(20.0) * (one + t2 / Vector256.Create(42.0) * (one + t2 / Vector256.Create(72.0)))));
        var chSmall = Vector256.Sqrt(one + shSmall * shSmall);
        var ex = Vector256.Exp(t);
        var ie = one / ex;
        var half = Vector256.Create(0.5);
        var small = Vector256.LessThan(t, Vector256.Create(ImplicitBiasPotential.SeriesBelow));
        return (Vector256.ConditionalSelect(small, shSmall, half * (ex - ie)), Vector256.ConditionalSelect(small, chSmall, half * (ex + ie)));
    }
}
