namespace TransferLab.Training;

/// <summary>How <see cref="DiagonalGradientFlow"/> steps along the gradient flow of a diagonal network.</summary>
public enum DiagonalFlowStepRule
{
    /// <summary>
    /// Each step solves the flow exactly with the gradient held fixed (the weights move along the hyperbolas the flow
    /// follows), with a Barzilai–Borwein step and a nonmonotone Armijo safeguard. Whatever the steps, the limit is the
    /// gradient flow's (docs/anguita2026.md §2.1, "Gradient descent"); only the stopping residual separates them.
    /// </summary>
    ExactFlow,
    /// <summary>
    /// Plain gradient descent (explicit Euler steps) with the fixed fraction h of the local stability limit: the
    /// dynamics of a hand-written full-batch GD, whose limit is O(h) away from the flow's.
    /// </summary>
    Euler,
}
