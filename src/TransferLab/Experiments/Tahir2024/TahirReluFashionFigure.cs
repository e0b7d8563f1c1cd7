using System.Globalization;
using TransferLab.Data.Readers;
using TransferLab.Experiments.Anguita2026;
using TransferLab.Plotting;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>
/// Tahir et al. 2024's transferability on real classes: a two-layer ReLU network on whitened principal components of
/// Fashion-MNIST is pretrained on a source binary task (two classes) and learns the target task Sneaker vs Ankle boot by
/// scratch, linear transfer or fine-tuning. Source splits range from similar (Sandal vs Ankle boot) to unrelated (Trouser vs
/// Bag) and are ordered by the linear-transfer limit (readout refit on many target rows, the real-data ‖P⊥f_t‖²). Panels:
/// (a) T_LT = R_scratch − R_LT and (b) T_FT = R_scratch − R_FT against n, ±2 SE; (c) where T stops being positive (its last sign change) against the
/// similarity (docs/tahir2024.md, "tahir-relu-fashion"; docs/realdata.md §4).
/// </summary>
public sealed class TahirReluFashionFigure : Figure
{
    /// <inheritdoc />
    public override string Id => "tahir-relu-fashion";
    /// <inheritdoc />
    public override string Paper => "Tahir, Ganguli & Rotskoff 2024";
    /// <inheritdoc />
    public override string Description => "ReLU transferability on Fashion-MNIST class splits: scratch − linear transfer and scratch − fine-tune vs n, sign change vs similarity";

    private static readonly BinaryImageTask Target = new("Sneaker vs Ankle boot", 7, 9);

    private static BinaryImageTask Split(int a, int b) => new($"{FashionMnist.ClassName(a)} vs {FashionMnist.ClassName(b)}", a, b);

    /// <inheritdoc />
    public override void Run(FigureContext ctx)
    {
        bool q = ctx.Quick;
        int d = 32, rows = q ? 20000 : 60000, reps = q ? 2 : 4;
        var s = q
            ? new TahirReluImageSettings(Width: 64, SourceRows: 600, TestRows: 500, LimitRows: 1000, PretrainSteps: 300, TrainSteps: 300)
            : new TahirReluImageSettings(Width: 100, SourceRows: 2000, TestRows: 1000, LimitRows: 2000, PretrainSteps: 1000, TrainSteps: 600);
        int[] ns = q ? [10, 40, 160] : [10, 20, 40, 80, 160, 320, 640];
        var sources = q
            ? new[] { Split(5, 9), Split(2, 4), Split(1, 8) }
            : new[] { Split(5, 9), Split(5, 7), Split(8, 9), Split(2, 4), Split(0, 3), Split(1, 8) };
        var rowsData = PrincipalRows.FashionMnistTrain(d, rows, ctx.DataDirectory, whiten: true);
        var data = new LabeledPool(rowsData.X, rowsData.Labels, rowsData.Source);
        foreach (var (k, v) in new (string, object)[] { ("data", data.Source), ("rows", data.Labels.Length), ("d", d),
                     ("inputs", "top d principal components of the pixels (fitted on the rows read), whitened, rows scaled to norm √d"),
                     ("target", Target.Name), ("sources", sources.Select(x => x.Name).ToArray()), ("width", s.Width), ("n_source", s.SourceRows),
                     ("n_test", s.TestRows), ("limit_rows", s.LimitRows), ("pretrain_steps", s.PretrainSteps), ("train_steps", s.TrainSteps),
                     ("readout_ridge_relative", s.ReadoutRidge), ("repetitions", reps), ("n_values", ns),
                     ("loss", "test squared loss with labels ±1 (first class +1)"),
                     ("protocols", "scratch: base lever init (c_PT = 1, κ = 1) trained by GD; linear transfer: ridge readout on frozen pretrained features; fine-tune: pretrained first layer, zero readout, all layers by GD") })
            ctx.Note(k, v);

        var progress = ctx.Progress("pretrain + transfer", sources.Length * reps);
        var res = ParallelRunner.Map(sources, reps, ctx.Seed, (src, rep, _) => TahirReluImageTrial.Run(data, s, src, Target, ns, ctx.Seed, rep), ctx.Threads, progress);

        var table = new TidyTable("kind", "quantity", "source", "n_target", "rep", "value");
        for (int i = 0; i < sources.Length; i++)
            for (int r = 0; r < reps; r++)
            {
                var run = res[i, r];
                table.Add("simulation", "source-fit", sources[i].Name, 0, r, run.SourceFit);
                table.Add("simulation", "linear-transfer-limit", sources[i].Name, 0, r, run.LinearTransferLimit);
                foreach (var o in run.Outcomes)
                {
                    void Add(string qn, double v) => table.Add("simulation", qn, sources[i].Name, o.N, r, v);
                    Add("scratch", o.Scratch);
                    Add("linear-transfer", o.LinearTransfer);
                    Add("fine-tune", o.FineTune);
                    Add("transferability-lt", o.Scratch - o.LinearTransfer);
                    Add("transferability-ft", o.Scratch - o.FineTune);
                }
            }
        ctx.Write(Id, table);
        var summary = table.Summarize(["quantity", "source", "n_target"], "value");
        ctx.Write(Id + "-summary", summary);
        int iMean = summary.IndexOf("mean"), iSe = summary.IndexOf("se");
        (double Mean, double Se) Get(string qn, string src, int n) => summary.Rows
            .Where(row => (string)row[0]! == qn && (string)row[1]! == src && Convert.ToInt32(row[2], CultureInfo.InvariantCulture) == n)
            .Select(row => (Convert.ToDouble(row[iMean], CultureInfo.InvariantCulture), Convert.ToDouble(row[iSe], CultureInfo.InvariantCulture))).First();

        // Order the splits by similarity: the linear-transfer limit (small = the pretrained features express the target).
        var order = Enumerable.Range(0, sources.Length).OrderBy(i => Get("linear-transfer-limit", sources[i].Name, 0).Mean).ToArray();
        double[] xs = ns.Select(v => (double)v).ToArray();
        var crossings = new TidyTable("source", "rank", "linear_transfer_limit", "source_fit", "sign_change_n_lt", "sign_change_n_ft");
        char panel = 'a';
        foreach (var (qn, label) in new[] { ("transferability-lt", "T_LT = R_scratch − R_LT"), ("transferability-ft", "T_FT = R_scratch − R_FT") })
        {
            var p = new CurvePlot($"({panel}) target {Target.Name}: {label} (> 0: transfer helps), splits by similarity", "target samples n", label, logX: true);
            for (int k = 0; k < order.Length; k++)
            {
                var src = sources[order[k]].Name;
                var cells = ns.Select(n => Get(qn, src, n)).ToArray();
                double lim = Get("linear-transfer-limit", src, 0).Mean;
                p.AddSimulation($"{k + 1}. {src} (LT limit {lim:F3})", xs, cells.Select(c => c.Mean).ToArray(), cells.Select(c => c.Se).ToArray(), k);
                p.AddTheory("", xs, cells.Select(c => c.Mean).ToArray(), k, dashed: true); // guide line (no theory exists here)
            }
            p.AddZeroLine();
            ctx.Save($"{Id}-{panel}", p.Plot, 1000, 620);
            panel++;
        }
        var cx = new List<double>(); var cy = new List<double>(); var fx = new List<double>(); var fy = new List<double>();
        for (int k = 0; k < order.Length; k++)
        {
            var src = sources[order[k]].Name;
            double lim = Get("linear-transfer-limit", src, 0).Mean;
            double? lt = TahirReluImageTrial.SignChange(ns, ns.Select(n => Get("transferability-lt", src, n).Mean).ToArray());
            double? ft = TahirReluImageTrial.SignChange(ns, ns.Select(n => Get("transferability-ft", src, n).Mean).ToArray());
            crossings.Add(src, k + 1, lim, Get("source-fit", src, 0).Mean, lt, ft);
            if (lt is double a) { cx.Add(lim); cy.Add(a); }
            if (ft is double b) { fx.Add(lim); fy.Add(b); }
            ctx.Headline($"{k + 1}. {src}: LT limit", lim);
            ctx.Headline($"{k + 1}. {src}: T_LT at n={ns[0]}", Get("transferability-lt", src, ns[0]).Mean);
            ctx.Headline($"{k + 1}. {src}: T_LT at n={ns[^1]}", Get("transferability-lt", src, ns[^1]).Mean);
            ctx.Headline($"{k + 1}. {src}: T_LT last sign change n", lt ?? double.NaN);
            ctx.Headline($"{k + 1}. {src}: T_FT at n={ns[^1]}", Get("transferability-ft", src, ns[^1]).Mean);
            ctx.Headline($"{k + 1}. {src}: T_FT last sign change n", ft ?? double.NaN);
        }
        ctx.Write(Id + "-crossings", crossings);
        var c = new CurvePlot($"({panel}) where transfer stops helping (last sign change of T) vs the linear-transfer limit", "linear-transfer limit (test loss of a readout fitted on many target rows)", "n at the sign change", logY: true);
        c.AddSimulation("T_LT", cx.ToArray(), cy.ToArray(), new double[cx.Count], 0);
        c.AddSimulation("T_FT", fx.ToArray(), fy.ToArray(), new double[fx.Count], 1, PointMarker.TriangleUp);
        ctx.Save($"{Id}-{panel}", c.Plot);
        ctx.Headline("splits with a T_LT sign change on the grid", cx.Count);
        ctx.Headline("splits with a T_FT sign change on the grid", fx.Count);
    }
}
