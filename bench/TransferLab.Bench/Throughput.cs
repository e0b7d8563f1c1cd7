using BenchmarkDotNet.Reports;

namespace TransferLab.Bench;

/// <summary>A benchmark class that knows how much work one invocation does (e.g. floating-point operations).</summary>
public interface IThroughput
{
    /// <summary>Unit of <see cref="Work"/>, e.g. "GFLOP".</summary>
    string Unit { get; }

    /// <summary>Work of one invocation of <paramref name="method"/> with the current parameters, in <see cref="Unit"/>.</summary>
    double Work(string method);
}

/// <summary>Prints work/second for every benchmark whose class implements <see cref="IThroughput"/>.</summary>
public static class ThroughputReport
{
    public static void Print(Summary summary)
    {
        var rows = new List<string>();
        foreach (var report in summary.Reports)
        {
            var bc = report.BenchmarkCase;
            if (report.ResultStatistics is null) continue;
            if (Activator.CreateInstance(bc.Descriptor.Type) is not IThroughput t) continue;
            foreach (var p in bc.Parameters.Items)
                bc.Descriptor.Type.GetProperty(p.Name)?.SetValue(t, p.Value);
            double seconds = report.ResultStatistics.Mean * 1e-9;
            string pars = string.Join(", ", bc.Parameters.Items.Select(p => $"{p.Name}={p.Value}"));
            rows.Add($"| {bc.Descriptor.WorkloadMethod.Name} | {pars} | {seconds * 1e3:F2} ms | {t.Work(bc.Descriptor.WorkloadMethod.Name) / seconds:F2} {t.Unit}/s |");
        }
        if (rows.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine("| benchmark | parameters | mean time | throughput |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var r in rows) Console.WriteLine(r);
    }
}
