namespace TransferLab.Theory.Anguita2026;

/// <summary>
/// One component of the joint law of (teacher value β*_d, potential scale c_d) across coordinates, as the replica
/// theory sees it (docs/anguita2026.md §3.4): with probability <see cref="Probability"/> a coordinate has
/// β* ~ N(<see cref="Mean"/>, <see cref="Variance"/>) (variance 0: the constant <see cref="Mean"/>) and scale
/// <see cref="Scale"/> = c_d.
/// </summary>
public readonly record struct ReplicaAtom(double Probability, double Mean, double Variance, double Scale);
