using TransferLab.Experiments.Families;
using TransferLab.Schema;
using TransferLab.Validation;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// Every run of a study, bound and validated, in canonical order (grid point by grid point in sweep order, the last
/// axis fastest; at each point the theory run, then the simulation's repetitions). Creating the plan binds every grid
/// point against the schema, so a bad value anywhere is reported before any run starts.
/// </summary>
public sealed class StudyPlan
{
    /// <summary>Most runs one study may plan.</summary>
    public const int MaxRuns = 2_000_000;

    /// <summary>The spec.</summary>
    public StudySpec Spec { get; }

    /// <summary>The model family.</summary>
    public ModelFamily Family { get; }

    /// <summary>Parameter columns of the study's tables: swept parameters (sweep order), then fixed ones (spec order).</summary>
    public IReadOnlyList<string> ParameterColumns { get; }

    /// <summary>Each grid point's value of every parameter column, as the spec gives it.</summary>
    public IReadOnlyList<string[]> Points { get; }

    /// <summary>All runs in canonical order.</summary>
    public IReadOnlyList<StudyRun> Runs { get; }

    private StudyPlan(StudySpec spec, ModelFamily family, IReadOnlyList<string> columns, IReadOnlyList<string[]> points, IReadOnlyList<StudyRun> runs)
    {
        Spec = spec;
        Family = family;
        ParameterColumns = columns;
        Points = points;
        Runs = runs;
    }

    /// <summary>Plans <paramref name="spec"/>; <paramref name="resolve"/> finds the family (the catalogue by default).</summary>
    public static StudyPlan Create(StudySpec spec, Func<string, ModelFamily>? resolve = null)
    {
        var family = (resolve ?? FamilyCatalogue.Find)(spec.Model);
        var schema = family.Schema;
        long pointCount = spec.Sweep.Aggregate(1L, (n, a) => n * a.Values.Count);
        long runCount = pointCount * spec.Computations.Sum(c => c == Compute.Simulate ? (long)spec.Seeds : 1);
        if (runCount > MaxRuns) throw new ParameterException("sweep", $"{runCount} runs", $"at most {MaxRuns} runs per study; split it into several studies");

        var columns = spec.Sweep.Select(a => a.Name).Concat(spec.Fixed.Select(f => f.Key)).ToList();
        var order = schema.Parameters.Select((p, i) => (p.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var points = new List<string[]>((int)pointCount);
        var runs = new List<StudyRun>((int)runCount);
        var index = new int[spec.Sweep.Count];
        for (int point = 0; point < pointCount; point++)
        {
            var values = new string[columns.Count];
            for (int a = 0; a < spec.Sweep.Count; a++) values[a] = spec.Sweep[a].Values[index[a]];
            for (int f = 0; f < spec.Fixed.Count; f++) values[spec.Sweep.Count + f] = spec.Fixed[f].Value;
            points.Add(values);
            foreach (var compute in spec.Computations)
            {
                var given = columns.Select((name, j) => new KeyValuePair<string, string>(name, values[j]))
                    .Where(kv => (schema.Find(kv.Key)!.UsedBy & compute) != 0)
                    .OrderBy(kv => order[kv.Key])
                    .ToList();
                var bound = Bind(schema, given, compute);
                var estimate = family.Estimate(bound, compute);
                string identity = RunKey.Identity(family.Name, compute, bound);
                if (compute == Compute.Theory)
                    runs.Add(new StudyRun(RunKey.Key(identity, null), compute, point, 0, null, given, bound, estimate));
                else
                    for (int r = 0; r < spec.Seeds; r++)
                    {
                        ulong seed = RunKey.RunSeed(spec.Seed, identity, r);
                        runs.Add(new StudyRun(RunKey.Key(identity, seed), compute, point, r, seed, given, bound, estimate));
                    }
            }
            // Odometer over the sweep axes, the last fastest.
            for (int a = spec.Sweep.Count - 1; a >= 0; a--)
            {
                if (++index[a] < spec.Sweep[a].Values.Count) break;
                index[a] = 0;
            }
        }
        return new StudyPlan(spec, family, columns, points, runs);
    }

    private static ParameterValues Bind(ModelSchema schema, List<KeyValuePair<string, string>> given, Compute compute)
    {
        try
        {
            return schema.Bind(given.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), compute);
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault() is ParameterException first)
        {
            // One line naming the key: the first of several bad values.
            throw first;
        }
    }

    /// <summary>The runs of shard <paramref name="shard"/>, in canonical order (<see cref="ShardAssignment"/>).</summary>
    public IReadOnlyList<StudyRun> RunsOf(ShardSpec shard)
    {
        if (shard.Count == 1) return Runs;
        var assigned = ShardAssignment.Assign(Runs, shard.Count);
        return Runs.Where((_, i) => assigned[i] == shard.Index - 1).ToList();
    }

    /// <summary>Estimated total work in seconds on one thread.</summary>
    public double EstimatedSeconds => Runs.Sum(r => r.Estimate.Seconds);
}
