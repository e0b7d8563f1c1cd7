
namespace TransferLab.Models;

/// <summary>
/// The two-path diagonal linear network of Anguita et al. 2026 (Lippl &amp; Lindsey's model; docs/anguita2026.md §1.1):
/// for each input coordinate d, first-layer (feature) weights w₊,d, w₋,d and readout weights v₊,d, v₋,d, with predictor
/// β_d = w₊,d·v₊,d − w₋,d·v₋,d and output f(x) = ⟨β, x⟩. Under gradient flow on any loss of β the layer imbalances
/// λ± = w±² − v±² and the cross invariant c = w₊w₋ + v₊v₋ are conserved per coordinate.
/// </summary>
public sealed class DiagonalNetwork
{
    /// <summary>First-layer weights of the positive path.</summary>
    public double[] WPlus { get; }
    /// <summary>First-layer weights of the negative path.</summary>
    public double[] WMinus { get; }
    /// <summary>Readout weights of the positive path.</summary>
    public double[] VPlus { get; }
    /// <summary>Readout weights of the negative path.</summary>
    public double[] VMinus { get; }

    /// <summary>Input dimension D.</summary>
    public int Dimension => WPlus.Length;

    /// <summary>Creates a network from its four weight vectors (copied).</summary>
    public DiagonalNetwork(double[] wPlus, double[] wMinus, double[] vPlus, double[] vMinus)
    {
        int d = wPlus.Length;
        if (wMinus.Length != d || vPlus.Length != d || vMinus.Length != d) throw new ArgumentException("all four weight vectors need the same length");
        WPlus = (double[])wPlus.Clone();
        WMinus = (double[])wMinus.Clone();
        VPlus = (double[])vPlus.Clone();
        VMinus = (double[])vMinus.Clone();
    }

    /// <summary>The predictor β (a new array).</summary>
    public double[] Predictor()
    {
        var b = new double[Dimension];
        Predictor(b);
        return b;
    }

    /// <summary>Writes the predictor β into <paramref name="beta"/> (training loops reuse one buffer).</summary>
    public void Predictor(Span<double> beta)
    {
        if (beta.Length != Dimension) throw new ArgumentException($"buffer has {beta.Length} entries, the network {Dimension}");
        for (int d = 0; d < beta.Length; d++) beta[d] = WPlus[d] * VPlus[d] - WMinus[d] * VMinus[d];
    }

    /// <summary>Cross invariant c_d = w₊w₋ + v₊v₋ per coordinate: the scale of the implicit-bias potential.</summary>
    public double[] CrossInvariant()
    {
        var c = new double[Dimension];
        for (int d = 0; d < c.Length; d++) c[d] = WPlus[d] * WMinus[d] + VPlus[d] * VMinus[d];
        return c;
    }

    /// <summary>Layer imbalances (λ₊, λ₋) = (w₊² − v₊², w₋² − v₋²) of coordinate d.</summary>
    public (double Plus, double Minus) Imbalance(int d) =>
        (WPlus[d] * WPlus[d] - VPlus[d] * VPlus[d], WMinus[d] * WMinus[d] - VMinus[d] * VMinus[d]);

    /// <summary>A deep copy.</summary>
    public DiagonalNetwork Clone() => new(WPlus, WMinus, VPlus, VMinus);

    /// <summary>
    /// The pretraining initialization (docs/anguita2026.md §1.2): every coordinate w± = √((c_PT + λ_PT)/2), v± = √((c_PT − λ_PT)/2),
    /// so β = 0, the cross invariant is c_PT and the imbalance λ_PT.
    /// </summary>
    public static DiagonalNetwork Pretraining(int dimension, DiagonalInitialization init)
    {
        ArgumentNullException.ThrowIfNull(init);
        init.Validate();
        double w = Math.Sqrt(0.5 * (init.CPt + init.LambdaPt)), v = Math.Sqrt(0.5 * (init.CPt - init.LambdaPt));
        var wv = Enumerable.Repeat(w, dimension).ToArray();
        var vv = Enumerable.Repeat(v, dimension).ToArray();
        return new DiagonalNetwork(wv, wv, vv, vv);
    }

    /// <summary>
    /// The state that gradient flow from <see cref="Pretraining"/> reaches when its predictor is <paramref name="beta"/>
    /// (the invariants (c, λ) fix the weights given β; docs/anguita2026.md §1.1, hyperbolic parametrisation): used for "oracle" PT,
    /// where the PT solution is taken to be the PT teacher without running PT.
    /// </summary>
    public static DiagonalNetwork FromInvariants(DiagonalInitialization init, ReadOnlySpan<double> beta)
    {
        ArgumentNullException.ThrowIfNull(init);
        init.Validate();
        int n = beta.Length;
        double[] wp = new double[n], wm = new double[n], vp = new double[n], vm = new double[n];
        double c = init.CPt, lam = init.LambdaPt;
        for (int d = 0; d < n; d++)
        {
            double b = beta[d];
            if (lam == 0)
            {
                // w₊ = v₊ = a, w₋ = v₋ = c/(2a), a² = ½(β + √(β² + c²)) (computed stably for β < 0).
                double r = Math.Sqrt(b * b + c * c);
                double a2 = b >= 0 ? 0.5 * (b + r) : 0.5 * c * c / (r - b);
                double a = Math.Sqrt(a2);
                wp[d] = vp[d] = a;
                wm[d] = vm[d] = c / (2 * a);
                continue;
            }
            double A = Math.Acosh(c / Math.Abs(lam)), B = Math.Asinh(b / c);
            double tp = 0.5 * (A + B), tm = 0.5 * (A - B), s = Math.Sqrt(Math.Abs(lam));
            if (lam > 0)
            {
                wp[d] = s * Math.Cosh(tp); vp[d] = s * Math.Sinh(tp);
                wm[d] = s * Math.Cosh(tm); vm[d] = s * Math.Sinh(tm);
            }
            else
            {
                vp[d] = s * Math.Cosh(tp); wp[d] = s * Math.Sinh(tp);
                vm[d] = s * Math.Cosh(tm); wm[d] = s * Math.Sinh(tm);
            }
        }
        return new DiagonalNetwork(wp, wm, vp, vm);
    }

    /// <summary>
    /// The fine-tuning initialization from a pretrained network (docs/anguita2026.md §1.3): the first layer keeps the pretrained
    /// features, symmetrised over the two paths (w₊ = w₋ = w₊^PT + w₋^PT), and the readout is re-initialized to
    /// v₊ = v₋ = γ_FT/√2. The predictor starts at 0 and the cross invariant is c_FT = (w₊^PT + w₋^PT)² + γ_FT²/2.
    /// </summary>
    public DiagonalNetwork FineTuningStart(double gammaFt)
    {
        if (!(gammaFt >= 0) || !double.IsFinite(gammaFt)) throw new ArgumentOutOfRangeException(nameof(gammaFt), gammaFt, "must be ≥ 0 and finite");
        var w = new double[Dimension];
        for (int d = 0; d < w.Length; d++) w[d] = WPlus[d] + WMinus[d];
        var v = Enumerable.Repeat(gammaFt / Math.Sqrt(2), Dimension).ToArray();
        return new DiagonalNetwork(w, w, v, v);
    }
}
