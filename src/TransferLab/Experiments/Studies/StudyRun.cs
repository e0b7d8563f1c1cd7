using TransferLab.Schema;

namespace TransferLab.Experiments.Studies;

/// <summary>
/// One unit of a study: a theory evaluation at a grid point, or one repetition (one seed) of the simulation there.
/// </summary>
/// <param name="Key">What the store records it under (<see cref="RunKey.Key"/>).</param>
/// <param name="Compute">Theory or simulate.</param>
/// <param name="Point">Index of the grid point in the spec's sweep order (for display and collection, not for seeds).</param>
/// <param name="Repetition">Repetition number, 0 … seeds − 1 (0 for theory).</param>
/// <param name="RunSeed">The simulation's seed (null for theory): <c>simulate &lt;model&gt; … --run-seed</c> reproduces the run with it.</param>
/// <param name="Given">The spec's values that this computation takes, in schema order: what a reproduce command passes.</param>
/// <param name="Values">The bound values (defaults applied).</param>
/// <param name="Estimate">Its estimated cost.</param>
public sealed record StudyRun(string Key, Compute Compute, int Point, int Repetition, ulong? RunSeed,
    IReadOnlyList<KeyValuePair<string, string>> Given, ParameterValues Values, RunEstimate Estimate);
