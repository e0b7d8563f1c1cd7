using TransferLab.Data;
using TransferLab.Models;
using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Anguita2026;
using TransferLab.Training;

namespace TransferLab.Experiments.Anguita2026;

/// <summary>
/// Anguita et al. 2026, appendix baseline (docs/anguita2026.md §4.2 Exp 4): learning a single task from scratch with a
/// diagonal network, E vs α for Bernoulli–Gaussian teachers of sparsity ρ ∈ {0.04, 0.1, 0.9} and init scales
/// c ∈ {10⁻⁶, 10⁻³, 1}; replica lines against exact-limit simulation ±2 SE. Gradient flow from β = 0 minimises
/// Σ φ_c(β_d) with uniform c whatever λ, so λ is irrelevant from scratch: the headline compares gradient-descent
/// solutions at λ = 0.5c and −0.9c on the same data. They agree to rounding, not just to O(h): with λ₊ = λ₋ a discrete
/// step maps (β, c) to β − ηg·2√(c² + β²) + η²g²β and c(1 − η²g²), and the adaptive step depends on (β, c) only.
/// </summary>
public sealed class AnguitaSingleTaskFigure : Figure
{
    public override string Id => "anguita-single-task";
    public override string Paper => "Anguita et al. 2026";
    public override string Description => "Single task from scratch: E vs α for sparsities ρ and scales c (replica vs simulation ±2 SE); λ irrelevant from scratch";

    public override void Run(FigureContext ctx)
    {
        int d = ctx.Quick ? 250 : 2000, reps = ctx.Quick ? 3 : 14;
        double[] simAlphas = ctx.Quick ? [0.1, 0.3] : [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
        double[] rhos = [0.04, 0.1, 0.9];
        double[] cs = [1e-6, 1e-3, 1];
        var grid = AnguitaCurves.TheoryAlphas();
        var curves = (from rho in rhos from c in cs select (rho, c)).ToArray();
        var theory = curves.Select(k => FineTuneReplica.SingleTaskCurve(k.rho, k.c, grid).Select(s => s.Error).ToArray()).ToArray();
        var theoryAtSim = curves.Select(k => FineTuneReplica.SingleTaskCurve(k.rho, k.c, simAlphas).Select(s => s.Error).ToArray()).ToArray();
        var points = (from i in Enumerable.Range(0, curves.Length) from a in simAlphas select (Curve: i, Alpha: a)).ToArray();
        var runs = ctx.Map(points, reps, ctx.Seed, (p, _, rng) =>
        {
            var (rho, c) = curves[p.Curve];
            // Bernoulli–Gaussian teacher with exactly round(ρD) nonzeros, values N(0, 1/ρ).
            var teacher = new SparseTransferTask(d, 0, 0, rho, p.Alpha).SampleTeachers(rng).FineTuneTeacher;
            int n = Math.Max(1, (int)Math.Round(p.Alpha * d));
            var x = rng.GaussianMatrix(n, d, 1 / Math.Sqrt(d));
            var y = LinearAlgebra.Multiply(x, teacher);
            var sol = ImplicitBiasSolver.Solve(x, y, Enumerable.Repeat(c, d).ToArray());
            return Vec.NormSquared(Vec.Subtract(sol.Beta, teacher)) / d;
        }, ctx.Progress($"{Id}: simulating (D = {d})", (long)points.Length * reps));

        var table = new TidyTable("kind", "rho", "c", "d", "alpha", "rep", "error");
        // z only on a sampling basis; abs_diff and basis say what the comparison rests on (docs/architecture.md, "Comparison rule").
        var summary = new TidyTable("rho", "c", "alpha", "theory", "sim_mean", "sim_se", "reps", "z", "abs_diff", "basis");
        var agreement = new TheoryAgreement(AnguitaCurves.WithinSlack);
        foreach (var (rho, ri) in rhos.Select((r, i) => (r, i)))
        {
            var plot = new CurvePlot($"Single task from scratch, ρ = {rho}",
                $"α = N/D   (lines: replica; points: simulation, D = {d}, ±2 SE)", "generalization error E");
            for (int ci = 0; ci < cs.Length; ci++)
            {
                int k = ri * cs.Length + ci;
                for (int j = 0; j < grid.Length; j++) table.Add("theory", rho, cs[ci], null, grid[j], null, theory[k][j]);
                plot.AddTheory($"c = {cs[ci]:G3}", grid, theory[k], ci);
                var means = new double[simAlphas.Length];
                var ses = new double[simAlphas.Length];
                for (int j = 0; j < simAlphas.Length; j++)
                {
                    var r = Enumerable.Range(0, reps).Select(q => runs[k * simAlphas.Length + j, q]).ToArray();
                    for (int q = 0; q < reps; q++) table.Add("simulation", rho, cs[ci], d, simAlphas[j], q, r[q]);
                    (means[j], ses[j]) = Statistics.MeanAndStandardError(r);
                    double th = theoryAtSim[k][j];
                    var cmp = agreement.Add(means[j], ses[j], th);
                    summary.Add(rho, cs[ci], simAlphas[j], th, means[j], ses[j], reps, cmp.ZScore, cmp.AbsoluteDifference, cmp.Basis.Name());
                }
                plot.AddSimulation("", simAlphas, means, ses, ci);
            }
            ctx.Save($"{Id}-rho{rho.ToString(System.Globalization.CultureInfo.InvariantCulture).Replace(".", "")}", plot.Plot);
        }
        ctx.Write(Id, table);
        ctx.Write(Id + "-summary", summary);
        ctx.Headline("fraction of points within 2 SE (+0.001) of replica", agreement.Fraction);

        // λ is irrelevant from scratch: gradient descent at λ = +0.99c and −0.99c on the same data.
        int small = 40;
        var check = SeedSequence.For(ctx.Seed, -7);
        var teacherS = new SparseTransferTask(small, 0, 0, 0.1, 0.5).SampleTeachers(check).FineTuneTeacher;
        var xs = check.GaussianMatrix(small / 2, small, 1 / Math.Sqrt(small));
        var ys = LinearAlgebra.Multiply(xs, teacherS);
        double[] Train(double lambdaOverC)
        {
            var net = DiagonalNetwork.Pretraining(small, new DiagonalInitialization(0.05, lambdaOverC * 0.05, 0));
            DiagonalGradientFlow.Train(net, xs, ys, new DiagonalFlowOptions(StepFraction: 0.05, Tolerance: 1e-10, Rule: DiagonalFlowStepRule.Euler));
            return net.Predictor();
        }
        var plus = Train(0.5);
        var minus = Train(-0.9);
        ctx.Headline("λ-irrelevance: ‖β(λ = 0.5c) − β(λ = −0.9c)‖/‖β‖ by gradient descent (c = 0.05)",
            Vec.Norm(Vec.Subtract(plus, minus)) / Vec.Norm(plus));
        ctx.Note("d", d);
        ctx.Note("repetitions", reps);
    }
}
