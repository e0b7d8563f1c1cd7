namespace TransferLab.Experiments;

/// <summary>
/// One reproducible figure of the catalogue: computes its theory and simulation tables and plots.
/// Subclasses need a parameterless constructor; <see cref="FigureCatalogue"/> finds them by reflection.
/// </summary>
public abstract class Figure
{
    /// <summary>Stable kebab-case id prefixed by the paper, e.g. <c>shachaf-linear-isotropic</c>.</summary>
    public abstract string Id { get; }

    /// <summary>Short citation of the paper the figure belongs to.</summary>
    public abstract string Paper { get; }

    /// <summary>One-line description.</summary>
    public abstract string Description { get; }

    /// <summary>True if the figure belongs in the default no-argument gallery (fast at --quick size).</summary>
    public virtual bool InDefaultGallery => false;

    /// <summary>
    /// True if the figure's work is runs (its <see cref="FigureContext.Map"/> calls) that shards can split; false for a figure
    /// whose work is not such runs, which <c>reproduce --shard</c> refuses (docs/studies.md, "Figures").
    /// </summary>
    public virtual bool SplitsIntoRuns => true;

    /// <summary>Computes and writes the figure's outputs into the context's staging directory.</summary>
    public abstract void Run(FigureContext ctx);
}
