using TransferLab.Data;
using TransferLab.Experiments.Anguita2026;
using TransferLab.Training;
using TransferLab.Validation;

namespace TransferLab.Experiments.Tahir2024;

/// <summary>Settings of the real-image transfer experiment (sizes and optimiser are TransferLab's choices; docs/realdata.md §4).</summary>
/// <param name="Width">Student width m (even).</param>
/// <param name="SourceRows">Pretraining rows drawn from the source task's two classes.</param>
/// <param name="TestRows">Target test rows.</param>
/// <param name="LimitRows">Target rows for the linear-transfer limit (readout refit on many rows: the n → ∞ error of linear transfer).</param>
/// <param name="LearningRate">Nominal GD step η (<see cref="ReluLeverPipeline.StepSize"/>).</param>
/// <param name="PretrainSteps">Maximum GD steps of pretraining.</param>
/// <param name="TrainSteps">Maximum GD steps of scratch training and fine-tuning.</param>
/// <param name="ReadoutRidge">Relative ridge of linear transfer (<see cref="ReluProtocols.FitReadout"/>).</param>
public sealed record TahirReluImageSettings(int Width = 100, int SourceRows = 2000, int TestRows = 1000, int LimitRows = 2000,
    double LearningRate = 1.0, int PretrainSteps = 1000, int TrainSteps = 1000, double ReadoutRidge = 1e-3)
{
    /// <summary>Checks every field, naming the parameter as the schema spells it.</summary>
    public TahirReluImageSettings Validate()
    {
        ReluLeverPipeline.RequireEvenWidth(Width);
        Require.Positive("n-source", SourceRows);
        Require.AtLeast("n-test", TestRows, 2);
        Require.Positive("limit-rows", LimitRows);
        Require.Positive("lr", LearningRate);
        Require.Positive("pretrain-steps", PretrainSteps);
        Require.Positive("steps", TrainSteps);
        Require.NonNegative("readout-ridge", ReadoutRidge);
        return this;
    }
}

/// <summary>Test squared losses (labels ±1) at one target size.</summary>
/// <param name="N">Target samples.</param>
/// <param name="Scratch">Scratch training of the base initialisation.</param>
/// <param name="LinearTransfer">Readout refit on the frozen pretrained features.</param>
/// <param name="FineTune">All layers trained from the pretrained first layer (zero readout).</param>
public sealed record TahirImageOutcome(int N, double Scratch, double LinearTransfer, double FineTune);

/// <summary>One repetition for one source task.</summary>
/// <param name="SourceFit">Pretraining test squared loss on the source task.</param>
/// <param name="LinearTransferLimit">Linear transfer's test loss with the readout fitted on <see cref="TahirReluImageSettings.LimitRows"/> target rows:
/// the real-data analogue of ‖P⊥f_t‖² (what the pretrained features cannot express of the target, Tahir et al. eq. 18).</param>
/// <param name="Outcomes">One entry per n.</param>
public sealed record TahirImageRun(double SourceFit, double LinearTransferLimit, IReadOnlyList<TahirImageOutcome> Outcomes);

/// <summary>
/// Tahir et al. 2024's transfer protocols on real images: a two-layer ReLU network is pretrained on a source binary task (two
/// classes, ±1) and then learns a target binary task (two other classes) by scratch, linear transfer or fine-tuning; the
/// transferability T = R_scratch − R_transfer against n (docs/realdata.md §4).
/// </summary>
public static class TahirReluImageTrial
{
    /// <summary>Runs repetition <paramref name="rep"/> for source task <paramref name="source"/> and target task <paramref name="target"/>.</summary>
    public static TahirImageRun Run(LabeledPool data, TahirReluImageSettings s, BinaryImageTask source, BinaryImageTask target,
        IReadOnlyList<int> ns, ulong seed, int rep)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(s);
        s.Validate();
        foreach (var n in ns) Require.AtLeast("n", n, 2);
        int[] RowsOf(BinaryImageTask t, ISet<int>? exclude) => Enumerable.Range(0, data.Labels.Length)
            .Where(i => (data.Labels[i] == t.A || data.Labels[i] == t.B) && (exclude is null || !exclude.Contains(i))).ToArray();
        double[] Labels(BinaryImageTask t, int[] rows) => rows.Select(i => data.Labels[i] == t.A ? 1.0 : -1.0).ToArray();

        var srcAll = RowsOf(source, null);
        int nSrc = Math.Min(s.SourceRows, srcAll.Length - s.TestRows);
        if (nSrc < 2) throw new ParameterException("n-source", s.SourceRows, $"source task {source.Name} has only {srcAll.Length} rows");
        var srcPick = RowSampling.SampleRows(srcAll.Length, nSrc + s.TestRows, ReluLeverPipeline.Stream(seed, rep, 30)).Select(i => srcAll[i]).ToArray();
        var srcTrain = srcPick[..nSrc];
        var srcTest = srcPick[nSrc..];
        var opt = new LeverOptimizer(s.LearningRate, s.PretrainSteps);
        var pre = ReluLeverPipeline.Pretrain(new ReluLevers(), s.Width, RowSampling.Rows(data.X, srcTrain, 0, nSrc), Labels(source, srcTrain), opt,
            ReluLeverPipeline.Stream(seed, rep, 31)).Network;
        double sourceFit = ReluLeverPipeline.Mse(pre.Forward(RowSampling.Rows(data.X, srcTest, 0, srcTest.Length)), Labels(source, srcTest));

        // Target rows never used for pretraining (tasks may share a class): candidates, test set, and the linear-transfer limit set.
        var used = srcTrain.ToHashSet();
        var tgtAll = RowsOf(target, used);
        int nMax = ns.Max(), need = nMax + s.TestRows;
        if (tgtAll.Length < need + 2)
            throw new ParameterException("n", nMax, $"target task {target.Name} has {tgtAll.Length} unused rows, fewer than max(n) + {s.TestRows} test rows");
        int nLimit = Math.Min(s.LimitRows, tgtAll.Length - need);
        var tgtPick = RowSampling.SampleRows(tgtAll.Length, need + nLimit, ReluLeverPipeline.Stream(seed, rep, 32)).Select(i => tgtAll[i]).ToArray();
        var testRows = tgtPick[nMax..need];
        var limitRows = tgtPick[need..];
        var xTest = RowSampling.Rows(data.X, testRows, 0, testRows.Length);
        var yTest = Labels(target, testRows);
        double Loss(Models.TwoLayerRelu net) => ReluLeverPipeline.Mse(net.Forward(xTest), yTest);
        double limit = Loss(ReluProtocols.FitReadout(pre, RowSampling.Rows(data.X, limitRows, 0, limitRows.Length), Labels(target, limitRows), s.ReadoutRidge, relativeRidge: true));

        var train = new LeverOptimizer(s.LearningRate, s.TrainSteps);
        var outcomes = new List<TahirImageOutcome>();
        foreach (var n in ns)
        {
            var x = RowSampling.Rows(data.X, tgtPick, 0, n);
            var y = Labels(target, tgtPick[..n]);
            var scratch = ReluLeverPipeline.Scratch(new ReluLevers(), s.Width, x, y, train, ReluLeverPipeline.Stream(seed, rep, 33)).Network;
            var lt = ReluProtocols.FitReadout(pre, x, y, s.ReadoutRidge, relativeRidge: true);
            var ft = ReluLeverPipeline.FineTune(pre, 0.0, x, y, train, ReluLeverPipeline.Stream(seed, rep, 34)).Network;
            outcomes.Add(new TahirImageOutcome(n, Loss(scratch), Loss(lt), Loss(ft)));
        }
        return new TahirImageRun(sourceFit, limit, outcomes);
    }

    /// <summary>
    /// Where transfer stops helping for good: the last sign change of a transferability curve T(n) on the grid, interpolated
    /// linearly in log n between the two grid points around it (with few repetitions T can cross zero more than once at
    /// small n; the last change is the one Tahir et al.'s phase boundary describes). Null when T keeps one sign on the grid.
    /// </summary>
    public static double? SignChange(IReadOnlyList<int> ns, IReadOnlyList<double> t)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(t);
        for (int j = ns.Count - 2; j >= 0; j--)
        {
            if (Math.Sign(t[j]) == Math.Sign(t[j + 1])) continue;
            if (t[j + 1] == 0) return ns[j + 1];
            if (t[j] == 0) return ns[j];
            double l0 = Math.Log(ns[j]), l1 = Math.Log(ns[j + 1]);
            return Math.Exp(l0 + (l1 - l0) * t[j] / (t[j] - t[j + 1]));
        }
        return null;
    }
}
