namespace TransferLab.Schema;

/// <summary>The two computations every model family offers: the theory prediction and the simulation that checks it.</summary>
[Flags]
public enum Compute
{
    /// <summary>Neither (not a valid use).</summary>
    None = 0,
    /// <summary><c>theory &lt;model&gt;</c>: exact formula, deterministic equivalent or replica solution.</summary>
    Theory = 1,
    /// <summary><c>simulate &lt;model&gt;</c>: training over random designs and seeds.</summary>
    Simulate = 2,
    /// <summary>Both computations.</summary>
    Both = Theory | Simulate,
}
