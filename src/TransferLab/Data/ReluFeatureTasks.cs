using TransferLab.Numerics;
using TransferLab.Validation;

namespace TransferLab.Data;

/// <summary>Which hidden features a fine-tuning target uses, relative to the pretraining (source) teacher.</summary>
public enum TargetFeatures
{
    /// <summary>The target is built on a subset of the source teacher's neurons (with fresh output weights).</summary>
    Subset,
    /// <summary>The target is built on new neurons, orthogonal to every source neuron direction.</summary>
    New,
}

/// <summary>
/// Source and target ReLU teachers for the nonlinear check of Anguita et al. 2026 (docs/anguita2026.md §1.4 and §4.5): the
/// ReLU analogue of the diagonal network's "FT support inside the PT support" (ρ_FT^shared) versus "FT support on new
/// coordinates" (ρ_FT^new). All neuron directions are orthonormal (one Gram–Schmidt pass over k_s + k_t Gaussian draws),
/// so the teacher neurons play the role of the diagonal network's coordinates.
/// <list type="bullet">
/// <item>Source: k_s neurons u_1..u_{k_s}, output weights ±1 with random signs (the paper's constant PT amplitude a_PT = 1, with a sign).</item>
/// <item>Subset target: the first k_t source neurons, with fresh ±1 output weights (FT coefficients drawn anew, as in the paper).</item>
/// <item>New target: k_t further orthonormal neurons, orthogonal to all source neurons, with fresh ±1 output weights.</item>
/// </list>
/// Each teacher uses the normaliser √k (its own neuron count), so that ‖f‖² is O(1) whatever k.
/// </summary>
/// <param name="Source">Pretraining teacher f_s.</param>
/// <param name="SubsetTarget">Target on a subset of the source features.</param>
/// <param name="NewTarget">Target on new features.</param>
public sealed record ReluFeatureTask(ReluTeacher Source, ReluTeacher SubsetTarget, ReluTeacher NewTarget)
{
    /// <summary>The target of the given kind.</summary>
    public ReluTeacher Target(TargetFeatures kind) => kind == TargetFeatures.Subset ? SubsetTarget : NewTarget;

    /// <summary>Kebab-case name of a target kind ("subset", "new").</summary>
    public static string Name(TargetFeatures kind) => kind == TargetFeatures.Subset ? "subset" : "new";

    /// <summary>Parses "subset" / "new".</summary>
    public static TargetFeatures ParseKind(string name) => name.Trim().ToLowerInvariant() switch
    {
        "subset" => TargetFeatures.Subset,
        "new" => TargetFeatures.New,
        _ => throw new ParameterException("target", name, "must be subset, new or both"),
    };

    /// <summary>Checks d ≥ 1, 1 ≤ k_t ≤ k_s and k_s + k_t ≤ d, naming the parameter that is wrong (as the schema spells it).</summary>
    public static void ValidateSizes(int inputDim, int sourceNeurons, int targetNeurons)
    {
        Require.Positive("d", inputDim);
        Require.Positive("source-neurons", sourceNeurons);
        Require.InRange("target-neurons", targetNeurons, 1, sourceNeurons);
        if (sourceNeurons + targetNeurons > inputDim)
            throw new ParameterException("d", inputDim, $"must be ≥ source-neurons + target-neurons = {sourceNeurons} + {targetNeurons} = {sourceNeurons + targetNeurons} (new target features are orthogonal to the source's)");
    }

    /// <summary>
    /// Draws the three teachers. Requires k_t ≤ k_s (the subset) and k_s + k_t ≤ d (room for orthogonal new features).
    /// </summary>
    public static ReluFeatureTask Create(int inputDim, int sourceNeurons, int targetNeurons, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ValidateSizes(inputDim, sourceNeurons, targetNeurons);
        var dirs = OrthonormalRows(sourceNeurons + targetNeurons, inputDim, rng);
        var src = new Matrix(sourceNeurons, inputDim);
        Array.Copy(dirs.Data, src.Data, sourceNeurons * inputDim);
        var sub = new Matrix(targetNeurons, inputDim);
        Array.Copy(dirs.Data, sub.Data, targetNeurons * inputDim);
        var fresh = new Matrix(targetNeurons, inputDim);
        Array.Copy(dirs.Data, sourceNeurons * inputDim, fresh.Data, 0, targetNeurons * inputDim);
        var source = new ReluTeacher(src, Signs(sourceNeurons, rng), Math.Sqrt(sourceNeurons));
        var subset = new ReluTeacher(sub, Signs(targetNeurons, rng), Math.Sqrt(targetNeurons));
        var nw = new ReluTeacher(fresh, Signs(targetNeurons, rng), Math.Sqrt(targetNeurons));
        return new ReluFeatureTask(source, subset, nw);
    }

    private static double[] Signs(int k, Rng rng)
    {
        var s = new double[k];
        for (int i = 0; i < k; i++) s[i] = rng.NextDouble() < 0.5 ? -1.0 : 1.0;
        return s;
    }

    /// <summary>k orthonormal rows in ℝ^d (modified Gram–Schmidt, twice, on Gaussian draws; uniformly random frame).</summary>
    public static Matrix OrthonormalRows(int k, int d, Rng rng)
    {
        Require.InRange("rows", k, 1, d);
        var q = rng.GaussianMatrix(k, d);
        for (int i = 0; i < k; i++)
        {
            var row = q.Row(i);
            for (int pass = 0; pass < 2; pass++)
                for (int j = 0; j < i; j++) Vec.Axpy(-Vec.Dot(q.Row(j), row), q.Row(j), row);
            row.Scale(1.0 / Vec.Norm(row));
        }
        return q;
    }
}
