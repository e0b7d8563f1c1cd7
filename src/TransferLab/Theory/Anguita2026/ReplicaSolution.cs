namespace TransferLab.Theory.Anguita2026;

/// <summary>
/// Solution of the replica-symmetric fixed point at one sample ratio α (docs/anguita2026.md §3.3).
/// </summary>
/// <param name="Alpha">Sample ratio α = N/D.</param>
/// <param name="Error">Generalization error E = (1/D)‖β̂ − β*‖² (label noise excluded).</param>
/// <param name="ChannelVariance">s², the effective noise variance of the scalar channel z = β* + s·ξ.</param>
/// <param name="ProxStrength">g, the strength of the scalar proximal problem (determined by E[η'] = α).</param>
/// <param name="StableRoots">How many stable fixed points were found: 1 from continuation (the potential is convex, the stable root unique); from the fallback scan its count (more than one: the lowest-E branch is reported).</param>
/// <param name="Branch">"fixed-point", "exact-recovery" (s² → 0, E = 0) or "least-squares" (α ≥ 1, closed form).</param>
public sealed record ReplicaSolution(double Alpha, double Error, double ChannelVariance, double ProxStrength, int StableRoots, string Branch);
