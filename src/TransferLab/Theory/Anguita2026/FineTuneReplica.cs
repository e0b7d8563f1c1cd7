using TransferLab.Models;
using TransferLab.Data;
using TransferLab.Numerics;

namespace TransferLab.Theory.Anguita2026;

/// <summary>
/// Replica prediction of the fine-tuning generalization error E(α_FT) of the pretraining → fine-tuning pipeline of a
/// diagonal linear network (Anguita et al. 2026; docs/anguita2026.md §3.3–3.4): the coordinate law of (β*_FT, c_FT)
/// built from the task (<see cref="SparseTransferTask"/>) and the initialization (<see cref="DiagonalInitialization"/>),
/// then <see cref="ReplicaSolver"/>.
/// </summary>
public static class FineTuneReplica
{
    /// <summary>Gauss–Hermite order over the pretraining channel noise when PT is imperfect.</summary>
    public const int PretrainQuadratureOrder = 12;

    /// <summary>
    /// The coordinate law. Oracle PT (α_PT = ∞): four groups (docs/anguita2026.md §3.4) — shared (prob. ρ_FT^shared, β* ~ N(0, 1/ρ_FT),
    /// c_A = c_FT(a_PT)), new (ρ_FT^new, N(0, 1/ρ_FT), c_I = c_FT(0)), PT-only (ρ_PT − ρ_FT^shared, 0, c_A) and unused
    /// (the rest, 0, c_I). Imperfect PT: c_FT(β̂_PT) with β̂_PT the PT estimator's scalar-channel output, integrated over
    /// the PT channel noise (<see cref="PretrainQuadratureOrder"/> nodes), the two-stage replica of docs/anguita2026.md §3.4.
    /// </summary>
    public static IReadOnlyList<ReplicaAtom> Atoms(SparseTransferTask task, DiagonalInitialization init)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(init);
        task.Validate();
        init.Validate();
        double vFt = 1 / task.RhoFt;
        double pShared = task.RhoFtShared, pNew = task.RhoFtNew;
        double pPtOnly = task.RhoPt - task.RhoFtShared, pNone = 1 - task.RhoPt - task.RhoFtNew;
        var atoms = new List<ReplicaAtom>();
        void Add(double p, double v, double c) { if (p > 1e-15) atoms.Add(new ReplicaAtom(p, 0, v, c)); }
        foreach (var (weight, onSupport, offSupport) in PretrainedValues(task, init))
        {
            double cA = init.FineTuneScale(onSupport), cI = init.FineTuneScale(offSupport);
            Add(weight * pShared, vFt, cA);
            Add(weight * pPtOnly, 0, cA);
            Add(weight * pNew, vFt, cI);
            Add(weight * Math.Max(0, pNone), 0, cI);
        }
        return atoms;
    }

    /// <summary>
    /// The law of the pretrained predictor on PT-support and off-support coordinates, as (weight, β̂_PT on support, β̂_PT
    /// off support) triples sharing the PT channel noise node: one triple (weight 1, a_PT, 0) for oracle PT.
    /// </summary>
    public static IEnumerable<(double Weight, double OnSupport, double OffSupport)> PretrainedValues(SparseTransferTask task, DiagonalInitialization init)
    {
        double a = task.PretrainAmplitude;
        if (task.OraclePretraining)
        {
            yield return (1, a, 0);
            yield break;
        }
        var (s2, g, exact) = PretrainChannel(task, init);
        if (exact)
        {
            yield return (1, a, 0);
            yield break;
        }
        var rule = GaussHermite.Rule(PretrainQuadratureOrder);
        double s = Math.Sqrt(s2);
        for (int k = 0; k < rule.Nodes.Length; k++)
        {
            double t = rule.Nodes[k];
            // α_PT ≥ 1: least squares, β̂ = β* + s·ξ' exactly; α_PT < 1: the PT implicit-bias estimator's prox output.
            double on = g > 0 ? ImplicitBiasPotential.Prox(a + s * t, g, init.CPt).U : a + s * t;
            double off = g > 0 ? ImplicitBiasPotential.Prox(s * t, g, init.CPt).U : s * t;
            yield return (rule.Weights[k], on, off);
        }
    }

    /// <summary>
    /// The PT scalar channel (s²_PT, g_PT): PT is gradient flow from β = 0 with uniform c_PT (λ_PT plays no role), so its
    /// limit is the minimum-Σφ_{c_PT} interpolant, solved by the same replica equations with the PT teacher law
    /// (a_PT on a ρ_PT fraction); α_PT ≥ 1 gives least squares with s² = σ_PT²/(α_PT − 1) and g = 0.
    /// </summary>
    public static (double S2, double G, bool Exact) PretrainChannel(SparseTransferTask task, DiagonalInitialization init)
    {
        double sp2 = task.SigmaPt * task.SigmaPt;
        if (task.AlphaPt >= 1)
        {
            if (sp2 == 0) return (0, 0, true);
            if (task.AlphaPt == 1) throw new ReplicaConvergenceException("α_PT = 1 with PT label noise: the least-squares PT solution has infinite variance");
            return (sp2 / (task.AlphaPt - 1), 0, false);
        }
        var solver = new ReplicaSolver(
        [
            new ReplicaAtom(task.RhoPt, task.PretrainAmplitude, 0, init.CPt),
            new ReplicaAtom(1 - task.RhoPt, 0, 0, init.CPt),
        ]);
        var sol = solver.Solve(task.AlphaPt, task.SigmaPt);
        if (sol.Branch == "exact-recovery") return (0, 0, true);
        return (sol.ChannelVariance, sol.ProxStrength, false);
    }

    /// <summary>E(α_FT) for each α in <paramref name="alphas"/> (the task's own α_FT is ignored).</summary>
    public static ReplicaSolution[] Curve(SparseTransferTask task, DiagonalInitialization init, IReadOnlyList<double> alphas, int quadratureOrder = ChannelQuadrature.DefaultPointsPerPanel)
    {
        var solver = new ReplicaSolver(Atoms(task, init), quadratureOrder);
        return solver.Curve(alphas, task.Sigma);
    }

    /// <summary>E at the task's α_FT.</summary>
    public static ReplicaSolution Predict(SparseTransferTask task, DiagonalInitialization init) => Curve(task, init, [task.AlphaFt])[0];

    /// <summary>
    /// Single-task learning from scratch (the paper's baseline, docs/anguita2026.md §4.2 Exp 4): gradient flow from β = 0 with uniform
    /// c_PT on a Bernoulli–Gaussian teacher (fraction ρ nonzero, values N(0, 1/ρ)); λ_PT does not enter.
    /// </summary>
    public static ReplicaSolution[] SingleTaskCurve(double rho, double cPt, IReadOnlyList<double> alphas, double sigma = 0)
    {
        if (!(rho > 0 && rho <= 1)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "must be in (0, 1]");
        var atoms = new List<ReplicaAtom> { new(rho, 0, 1 / rho, cPt) };
        if (rho < 1) atoms.Add(new ReplicaAtom(1 - rho, 0, 0, cPt));
        return new ReplicaSolver(atoms).Curve(alphas, sigma);
    }
}
