using TransferLab.Validation;

namespace TransferLab.Training;

/// <summary>
/// The three initialisation levers of Anguita et al. 2026 (docs/anguita2026.md §1.2–1.3, §4.5), mapped onto a two-layer
/// ReLU network f(x) = (1/m) Σ_r a_r ReLU(w_rᵀx) (TransferLab's choice; the paper's ResNet mapping is unknown [U]).
/// <para>
/// Base initialisation (c_PT = κ = 1): w_r ~ N(0, I_d/d) and a_r ~ N(0, 1), drawn for m/2 neurons and mirrored
/// ((w_r, a_r) and (w_r, −a_r)), so that E‖w_r‖² = E a_r² = 1 (each neuron balanced in expectation) and f ≡ 0 at
/// initialisation, like the diagonal network's β(0) = 0.
/// </para>
/// <para>
/// Pretraining initialisation: w_r ← √(c_PT·κ)·w_r and a_r ← √(c_PT/κ)·a_r. The product of the two layer factors is
/// c_PT (the absolute scale: f is 2-homogeneous, so c_PT scales the whole function and its tangent kernel) and their
/// ratio is κ (the relative scale of the first layer to the readout). Gradient flow conserves each neuron's imbalance
/// ‖w_r‖² − a_r² (the ReLU analogue of the diagonal network's λ = w² − v²), which starts at c_PT(κ − 1/κ) in
/// expectation; κ &lt; 1 is "smaller early layer", the analogue of λ_PT &lt; 0, and the diagonal network's
/// λ_PT/c_PT corresponds to (κ² − 1)/(κ² + 1).
/// </para>
/// <para>
/// Fine-tuning initialisation: the pretrained first layer is kept and the readout is re-drawn i.i.d.
/// a_r ~ N(0, γ_FT²) (γ_FT = 1 is a fresh head of the base scale; γ_FT = 0 is a zero head). Then all layers are
/// trained on the target by gradient descent.
/// </para>
/// </summary>
/// <param name="CPt">c_PT &gt; 0, absolute initialisation scale at pretraining (parameter <c>c-pt</c>).</param>
/// <param name="Kappa">κ &gt; 0, first-layer/readout scale ratio at pretraining (parameter <c>kappa</c>).</param>
/// <param name="GammaFt">γ_FT ≥ 0, standard deviation of the re-initialised readout at fine-tuning (parameter <c>gamma-ft</c>).</param>
public sealed record ReluLevers(double CPt = 1.0, double Kappa = 1.0, double GammaFt = 0.0)
{
    /// <summary>Throws <see cref="ParameterException"/> naming the parameter (<c>c-pt</c>, <c>kappa</c>, <c>gamma-ft</c>) and its valid range.</summary>
    public ReluLevers Validate()
    {
        if (!double.IsFinite(CPt) || !(CPt > 0)) throw new ParameterException("c-pt", CPt, "must be a finite number > 0");
        if (!double.IsFinite(Kappa) || !(Kappa > 0)) throw new ParameterException("kappa", Kappa, "must be a finite number > 0 (the first-layer/readout scale ratio, in (0, ∞))");
        if (!double.IsFinite(GammaFt) || !(GammaFt >= 0)) throw new ParameterException("gamma-ft", GammaFt, "must be a finite number ≥ 0");
        return this;
    }

    /// <summary>Factor √(c_PT·κ) applied to the base first layer.</summary>
    public double FirstLayerFactor => Math.Sqrt(CPt * Kappa);

    /// <summary>Factor √(c_PT/κ) applied to the base readout.</summary>
    public double ReadoutFactor => Math.Sqrt(CPt / Kappa);

    /// <summary>Expected per-neuron imbalance E[‖w_r‖² − a_r²] = c_PT(κ − 1/κ) at the pretraining initialisation.</summary>
    public double ExpectedImbalance => CPt * (Kappa - 1.0 / Kappa);

    /// <summary>The diagonal network's λ_PT/c_PT with the same first-layer/readout ratio: (κ² − 1)/(κ² + 1) ∈ (−1, 1).</summary>
    public double DiagonalRelativeScale => (Kappa * Kappa - 1.0) / (Kappa * Kappa + 1.0);
}
