using BenchmarkDotNet.Attributes;
using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Theory.Anguita2026;

namespace TransferLab.Bench;

/// <summary>
/// Replica curves (issue #15 item 2, goal: a 50-point curve under 20 ms for every regime and task type): the four
/// fine-tuning regimes of the paper (RegimeClassifier.PaperRecipes) on shared and on new FT dimensions, imperfect
/// pretraining (α_PT = 0.4, the two-stage replica: 12× the atoms), label noise, and single-task learning.
/// Only the public API (FineTuneReplica), so the same file measures an older commit built alongside.
/// </summary>
public class ReplicaCurveBenchmarks
{
    private static readonly double[] s_alphas = Enumerable.Range(0, 50).Select(i => 0.01 + 0.49 * i / 49).ToArray();

    /// <summary>The setting: regime numeral and task type.</summary>
    [Params("I shared", "I new", "II shared", "II new", "III shared", "III new", "IV shared", "IV new",
        "IV imperfect-PT", "IV noisy", "single-task")]
    public string Setting { get; set; } = "IV new";

    /// <summary>E at the last α (so the curve is not optimized away).</summary>
    [Benchmark]
    public double Curve50()
    {
        if (Setting == "single-task") return FineTuneReplica.SingleTaskCurve(0.1, 1e-3, s_alphas)[^1].Error;
        string[] parts = Setting.Split(' ');
        var init = RegimeClassifier.PaperRecipes.Single(r => RegimeClassifier.Numeral(r.Regime) == parts[0]).Init;
        var task = parts[1] switch
        {
            "shared" => new SparseTransferTask(1000, 0.1, 0.1, 0, 0.1),
            "new" => new SparseTransferTask(1000, 0.1, 0, 0.1, 0.1),
            "imperfect-PT" => new SparseTransferTask(1000, 0.1, 0.08, 0.02, 0.1, AlphaPt: 0.4, SigmaPt: 0.1),
            _ => new SparseTransferTask(1000, 0.1, 0.05, 0.05, 0.1, Sigma: 0.2),
        };
        return FineTuneReplica.Curve(task, init, s_alphas)[^1].Error;
    }
}
