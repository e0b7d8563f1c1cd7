namespace TransferLab.Theory.Anguita2026;

/// <summary>
/// The two expectations of the replica fixed point at one (s², g) (docs/anguita2026.md §3.3) and their derivatives in
/// x = log s² and y = log g, the Jacobian of <see cref="ReplicaSolver"/>'s Newton step. The derivatives differentiate the
/// integrands at fixed standard-normal quadrature nodes (the panel layout also moves with g/s, a quadrature-error-sized
/// effect), so they steer Newton but never decide the root: the residuals do.
/// </summary>
/// <param name="Error">E = E[(η − β*)²].</param>
/// <param name="MeanSlope">M = E[η'].</param>
/// <param name="ErrorByLogS2">∂E/∂x.</param>
/// <param name="ErrorByLogG">∂E/∂y.</param>
/// <param name="SlopeByLogS2">∂M/∂x.</param>
/// <param name="SlopeByLogG">∂M/∂y (negative: E[η'] decreases in g).</param>
internal readonly record struct ReplicaMoments(
    double Error, double MeanSlope, double ErrorByLogS2, double ErrorByLogG, double SlopeByLogS2, double SlopeByLogG);
