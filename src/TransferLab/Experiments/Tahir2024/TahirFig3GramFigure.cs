using TransferLab.Data;
using TransferLab.Numerics;
using TransferLab.Plotting;
using TransferLab.Theory.Tahir2024;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. 2024 Fig. 3(a–b), reconstructed: the feature Gram matrix of the pretrained two-layer ReLU student next to the
/// source teacher's. The note ([V-sec]) says only that these panels show the trained network's kernel/Gram matrix matching
/// the source teacher's ("pretraining in the rich regime learns the teacher's basis"); the probe inputs, ordering and
/// normalisation are [U] and chosen here. The mean-field student of <see cref="TahirReluLambdaFigure"/> (small
/// initialisation κ = 0.1) is pretrained on the source teacher with λ‖θ − θ₀‖² for λ from 0 (rich) to large (lazy).
/// Panels: (a) the student's centred Gram matrix after rich pretraining (λ = 0), (b) the source teacher's, (c) the student's
/// after lazy pretraining (largest λ), all on the same probe inputs sorted by the source neuron that is most active on them;
/// (d) the quantitative headline: centred kernel alignment (CKA) between the student's and the source teacher's feature
/// kernels against λ, exact in L²(N(0, I)) by arc-cosine algebra (lines) and on the probe inputs (points), with the
/// alignment of the untrained initialisation and of the student with the target teacher for reference, and (dotted) the
/// alignment of the initialisation moved only along u, the direction of the source teacher's linear component: at
/// intermediate λ pretraining stops after this first, rank-one stage and the alignment dips below the initialisation's.
/// </summary>
public sealed class TahirFig3GramFigure : Figure
{
    /// <inheritdoc />
    public override string Id => "tahir-fig3-gram";
    /// <inheritdoc />
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    /// <inheritdoc />
    public override string Description => "Two-layer ReLU, Fig. 3(a–b): Gram matrix of the pretrained student vs the source teacher; kernel alignment vs pretraining penalty λ (rich → lazy)";

    /// <summary>What one pretraining run gives (alignment values; Gram matrices only when requested).</summary>
    private sealed record GramOutcome(double ExactSource, double ProbeSource, double ExactTarget, double ExactInit, double WeightMovement,
        double LinearShare, double ExactLinearShift, Matrix? StudentGram, Matrix? SourceGram, int[]? Order);

    /// <inheritdoc />
    public override void Run(FigureContext ctx)
    {
        bool q = ctx.Quick;
        var s = q
            ? new TahirReluSettings(D: 20, Width: 100, TeacherWidth: 10, Mu: 0.5, SourceSamples: 500, LearningRate: 0.5, PretrainSteps: 1500, InitScale: 0.1)
            : new TahirReluSettings(D: 30, Width: 300, TeacherWidth: 30, Mu: 0.5, SourceSamples: 2000, LearningRate: 0.5, PretrainSteps: 4000, InitScale: 0.1);
        double[] lambdas = [0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1];
        // The probe CKA uses all probes (its finite-sample bias is O(1/probes)); the heatmaps show the first `shown`.
        int reps = 4, probes = q ? 600 : 1000, shown = q ? 150 : 200;
        foreach (var (k, v) in new (string, object)[] { ("d", s.D), ("student_width", s.Width), ("teacher_width", s.TeacherWidth), ("mu", s.Mu),
                     ("n_source", s.SourceSamples), ("init_scale", s.InitScale), ("pretrain_steps", s.PretrainSteps), ("repetitions", reps),
                     ("probe_inputs", probes), ("probe_inputs_shown", shown), ("kernel", "K(x,x') = Σ_r ReLU(w_rᵀx)ReLU(w_rᵀx') over a layer's neurons (readout not included)"),
                     ("alignment", "centred kernel alignment ⟨HK₁H, HK₂H⟩/(‖HK₁H‖‖HK₂H‖); exact = same in L²(N(0,I))") })
            ctx.Note(k, v);

        var progress = ctx.Progress("pretraining λ sweep", lambdas.Length * reps);
        // Common random numbers: every λ of a repetition shares the teachers, the initialisation, the source data and the probes.
        var res = ctx.Map(lambdas, reps, ctx.Seed, (lam, rep, _) =>
        {
            var rng = SeedSequence.For(ctx.Seed, 404, rep);
            var (pair, init, pre) = TahirReluTrial.Pretrain(s with { PretrainPenalty = lam }, rng);
            var xp = ReluInputs.Gaussian(probes, s.D, rng);
            var kStudent = ReluKernelAlignment.FeatureGram(pre.W, xp);
            var kSource = ReluKernelAlignment.FeatureGram(pair.Source.Neurons, xp);
            double move = pre.RelativeDistanceFrom(init);
            bool keep = rep == 0 && (lam == lambdas[0] || lam == lambdas[^1]);
            var (share, shifted) = LinearShift(init.W, pre.W, pair.Source.LinearComponent());
            return new GramOutcome(
                ReluKernelAlignment.Population(pre.W, pair.Source.Neurons),
                ReluKernelAlignment.Centered(kStudent, kSource),
                ReluKernelAlignment.Population(pre.W, pair.Target.Neurons),
                ReluKernelAlignment.Population(init.W, pair.Source.Neurons),
                move, share, ReluKernelAlignment.Population(shifted, pair.Source.Neurons),
                keep ? kStudent : null, keep ? kSource : null, keep ? SourceOrder(pair.Source, xp, shown) : null);
        }, progress);

        var table = LambdaSweepTable.Build(lambdas, res,
            ("theory", "cka-student-source-exact", o => o.ExactSource),
            ("simulation", "cka-student-source-probe", o => o.ProbeSource),
            ("theory", "cka-student-target-exact", o => o.ExactTarget),
            ("theory", "cka-init-source-exact", o => o.ExactInit),
            ("simulation", "weight-movement", o => o.WeightMovement),
            ("simulation", "movement-share-linear-direction", o => o.LinearShare),
            ("theory", "cka-init-plus-linear-shift-exact", o => o.ExactLinearShift));
        ctx.Write(Id, table);
        var summary = table.Summarize(["kind", "quantity", "lambda"], "value");
        ctx.Write(Id + "-summary", summary);

        // Gram panels (repetition 0): centred, scaled to max |entry| = 1, probes in the source-teacher order.
        var rich = res[0, 0];
        var lazy = res[lambdas.Length - 1, 0];
        var order = rich.Order!;
        var idx = Enumerable.Range(1, shown).Select(v => (double)v).ToArray();
        void GramPanel(string name, string title, Matrix k)
        {
            // Centred over the shown probes (the matrix that is drawn), scaled to max |entry| = 1.
            var sub = new Matrix(shown, shown);
            for (int i = 0; i < shown; i++)
                for (int j = 0; j < shown; j++) sub[i, j] = k[order[i], order[j]];
            var c = ReluKernelAlignment.CenterGram(sub);
            double mx = c.Data.Max(Math.Abs);
            var v = new double[shown, shown];
            for (int i = 0; i < shown; i++)
                for (int j = 0; j < shown; j++) v[i, j] = c[i, j] / mx;
            var h = new HeatmapPlot(title, "probe input (sorted by most active source neuron)", "probe input", idx, idx, v, "centred Gram / max", diverging: true);
            ctx.Save(Id + "-" + name, h.Plot, 760, 640);
        }
        GramPanel("a", $"(a) pretrained student, rich (λ = 0): CKA with source {rich.ExactSource:F2}", rich.StudentGram!);
        GramPanel("b", $"(b) source teacher ({(int)Math.Round((1 - s.Mu) * s.TeacherWidth)} neurons)", rich.SourceGram!);
        GramPanel("c", $"(c) student, lazy (λ = {lambdas[^1]:G3}): CKA with source {lazy.ExactSource:F2}", lazy.StudentGram!);

        double[] Col(string qn, string col, bool positive) => LambdaSweepTable.Column(summary, qn, col, positive);
        var lx = lambdas.Where(l => l > 0).ToArray();
        var d = new CurvePlot($"(d) kernel alignment vs pretraining penalty (d = {s.D}, m = {s.Width})", "pretraining penalty λ", "centred kernel alignment (CKA)", logX: true);
        d.AddTheory("student vs source, exact", lx, Col("cka-student-source-exact", "mean", true), 0);
        d.AddSimulation($"student vs source, {probes} probe inputs", lx, Col("cka-student-source-probe", "mean", true), Col("cka-student-source-probe", "se", true), 0);
        d.AddTheory($"student vs target (μ = {s.Mu}), exact", lx, Col("cka-student-target-exact", "mean", true), 1);
        d.AddTheory("init + its movement along u only, exact", lx,
            Col("cka-init-plus-linear-shift-exact", "mean", true), 2, dotted: true);
        double cka0 = Col("cka-student-source-exact", "mean", false)[0], ckaInit = Col("cka-init-source-exact", "mean", true).Average();
        d.AddTheory("λ = 0 (rich), student vs source", [lx[0], lx[^1]], [cka0, cka0], 0, dashed: true);
        d.AddTheory("init vs source", [lx[0], lx[^1]], [ckaInit, ckaInit], 7, dashed: true);
        d.SetLimitsY(0, 1.05);
        ctx.Save(Id + "-d", d.Plot);

        ctx.Headline("CKA student–source, λ = 0 (rich)", cka0);
        ctx.Headline($"CKA student–source, λ = {lambdas[^1]:G3} (lazy)", Col("cka-student-source-exact", "mean", true)[^1]);
        ctx.Headline("CKA initialisation–source", ckaInit);
        // Where the alignment is lowest, how much of it the rank-one shift along u explains.
        var exact = Col("cka-student-source-exact", "mean", true);
        int dip = Array.IndexOf(exact, exact.Min());
        ctx.Headline($"lowest CKA student–source (at λ = {lx[dip]:G3})", exact[dip]);
        ctx.Headline($"share of the first-layer movement along u at λ = {lx[dip]:G3}", Col("movement-share-linear-direction", "mean", true)[dip]);
        ctx.Headline($"CKA of initialisation + its u-shift alone at λ = {lx[dip]:G3}", Col("cka-init-plus-linear-shift-exact", "mean", true)[dip]);
    }

    /// <summary>
    /// Splits the first-layer movement ΔW = W − W₀ into its rank-one part along u = β/‖β‖, β the source teacher's linear
    /// component (<see cref="ReluTeacher.LinearComponent"/>): returns Σ_r (ΔW_r·u)² / ‖ΔW‖² and W₀ + (ΔW u)uᵀ. With a small
    /// initialisation, gradient descent first moves every neuron along ±u (the linear part of f_s is learned first); a
    /// penalty that stops training there leaves a kernel concentrated on one direction, which aligns with the source
    /// teacher's kernel (spread over all its neurons) less than the isotropic initialisation does.
    /// </summary>
    private static (double Share, Matrix Shifted) LinearShift(Matrix w0, Matrix w, double[] beta)
    {
        double norm = Vec.Norm(beta);
        var u = beta.Select(b => b / norm).ToArray();
        var shifted = w0.Clone();
        double along = 0, total = 0;
        for (int r = 0; r < w.Rows; r++)
        {
            double b = 0;
            for (int j = 0; j < w.Cols; j++)
            {
                double dw = w[r, j] - w0[r, j];
                b += dw * u[j];
                total += dw * dw;
            }
            along += b * b;
            for (int j = 0; j < w.Cols; j++) shifted[r, j] += b * u[j];
        }
        return (total > 0 ? along / total : 0, shifted);
    }

    /// <summary>
    /// Order of the first <paramref name="count"/> probes for the heatmaps: grouped by the source neuron with the largest activation ReLU(w_iᵀx) (probes where none is
    /// active last), and by decreasing activation inside a group, so that the teacher's basis shows as blocks.
    /// </summary>
    private static int[] SourceOrder(ReluTeacher source, Matrix xp, int count)
    {
        var h = LinearAlgebra.Multiply(xp, source.Neurons, Op.None, Op.Transpose);
        var key = new (int Neuron, double Activation)[count];
        for (int i = 0; i < count; i++)
        {
            int best = -1; double bv = 0;
            for (int j = 0; j < h.Cols; j++) if (h[i, j] > bv) { bv = h[i, j]; best = j; }
            key[i] = (best < 0 ? int.MaxValue : best, bv);
        }
        return Enumerable.Range(0, count).OrderBy(i => key[i].Neuron).ThenByDescending(i => key[i].Activation).ThenBy(i => i).ToArray();
    }
}
