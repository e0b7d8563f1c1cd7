using System.CommandLine;
using System.Globalization;
using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Validation;

namespace TransferLab.Cli.Commands;

/// <summary>
/// Options of the diagonal-network commands (Anguita et al. 2026), named after the paper's symbols in kebab case.
/// Created per command (System.CommandLine symbols have one parent).
/// </summary>
public sealed class DiagonalOptions
{
    /// <summary>--d, absent for the theory command (the replica theory is the D → ∞ limit).</summary>
    public Option<int>? D { get; }
    public Option<string> AlphaFt { get; } = new("--alpha-ft") { Description = "FT sample ratio α_FT = N_FT/D (> 0); a comma-separated list gives one row per value.", DefaultValueFactory = _ => "0.1,0.2,0.3" };
    public Option<string> AlphaPt { get; } = new("--alpha-pt") { Description = "PT sample ratio α_PT = N_PT/D (> 0), or 'inf' for oracle pretraining (the PT solution equals the PT teacher, the paper's main setting).", DefaultValueFactory = _ => "inf" };
    public Option<double> CPt { get; } = new("--c-pt") { Description = "Absolute init scale c_PT > 0 (each coordinate starts with squared weight norm 2c_PT; small = rich).", DefaultValueFactory = _ => 1e-3 };
    public Option<double> LambdaPt { get; } = new("--lambda-pt") { Description = "Relative layer scale λ_PT = w² − v² (first layer² − readout²), in [−c_PT, c_PT]; near −c_PT = small early layer.", DefaultValueFactory = _ => 0.0 };
    public Option<double> GammaFt { get; } = new("--gamma-ft") { Description = "FT readout re-initialization γ_FT ≥ 0 (each readout weight set to γ_FT/√2); must be > 0 when λ_PT = −c_PT.", DefaultValueFactory = _ => 0.0 };
    public Option<double> RhoPt { get; } = new("--rho-pt") { Description = "PT teacher sparsity ρ_PT in [0, 1] (fraction of coordinates with value a_PT).", DefaultValueFactory = _ => 0.1 };
    public Option<double> RhoFtShared { get; } = new("--rho-ft-shared") { Description = "FT support inside the PT support, ρ_FT^shared in [0, ρ_PT].", DefaultValueFactory = _ => 0.1 };
    public Option<double> RhoFtNew { get; } = new("--rho-ft-new") { Description = "FT support outside the PT support, ρ_FT^new in [0, 1 − ρ_PT]. FT values are N(0, 1/ρ_FT), ρ_FT = shared + new.", DefaultValueFactory = _ => 0.0 };
    public Option<double> Sigma { get; } = new("--sigma") { Description = "FT label-noise SD σ ≥ 0 (the error E excludes σ²).", DefaultValueFactory = _ => 0.0 };
    public Option<double> SigmaPt { get; } = new("--sigma-pt") { Description = "PT label-noise SD σ_PT ≥ 0 (used when --alpha-pt is finite).", DefaultValueFactory = _ => 0.0 };
    public Option<double> APt { get; } = new("--a-pt") { Description = "PT teacher amplitude a_PT > 0 on its support.", DefaultValueFactory = _ => 1.0 };

    /// <summary>Options for a command; <paramref name="defaultD"/> null leaves out --d (theory only).</summary>
    public DiagonalOptions(int? defaultD)
    {
        if (defaultD is int d)
            D = new Option<int>("--d") { Description = "Input dimension D (≥ 10) of the simulated network.", DefaultValueFactory = _ => d };
    }

    public void AddTo(Command cmd)
    {
        if (D != null) cmd.Options.Add(D);
        foreach (var o in new Option[] { AlphaFt, AlphaPt, CPt, LambdaPt, GammaFt, RhoPt, RhoFtShared, RhoFtNew, Sigma, SigmaPt, APt }) cmd.Options.Add(o);
    }

    /// <summary>Parses and validates α_FT values.</summary>
    public double[] Alphas(ParseResult p)
    {
        string text = p.GetValue(AlphaFt)!;
        var values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new ParameterException("--alpha-ft", s, "is not a number")).ToArray();
        if (values.Length == 0) throw new ParameterException("--alpha-ft", text, "needs at least one value > 0");
        foreach (var v in values)
            if (!(v > 0) || !double.IsFinite(v)) throw new ParameterException("--alpha-ft", v, "must be > 0 and finite");
        return values;
    }

    /// <summary>The task at the first α_FT (validated; error messages name the option).</summary>
    public SparseTransferTask Task(ParseResult p, double alphaFt)
    {
        string ap = p.GetValue(AlphaPt)!.Trim().ToLowerInvariant();
        double alphaPt = ap is "inf" or "infinity" or "∞" or "oracle" ? double.PositiveInfinity
            : double.TryParse(ap, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new ParameterException("--alpha-pt", ap, "must be a number > 0 or 'inf'");
        // The replica theory does not depend on D; a task still needs one (support sizes are rounded from it).
        int d = D != null ? Require.AtLeast("--d", p.GetValue(D), 10) : 1000;
        return new SparseTransferTask(d, p.GetValue(RhoPt), p.GetValue(RhoFtShared), p.GetValue(RhoFtNew), alphaFt, alphaPt,
            p.GetValue(Sigma), p.GetValue(SigmaPt), p.GetValue(APt)).Validate();
    }

    /// <summary>The initialization (validated).</summary>
    public DiagonalInitialization Init(ParseResult p) => new DiagonalInitialization(p.GetValue(CPt), p.GetValue(LambdaPt), p.GetValue(GammaFt)).Validate();
}
