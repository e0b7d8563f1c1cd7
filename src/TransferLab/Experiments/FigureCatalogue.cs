using System.Reflection;
using TransferLab.Validation;

namespace TransferLab.Experiments;

/// <summary>All figures in the library, found by reflection and ordered by id.</summary>
public static class FigureCatalogue
{
    private static readonly Lazy<IReadOnlyList<Figure>> s_all = new(() =>
        typeof(Figure).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Figure)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) != null)
            .Select(t => (Figure)Activator.CreateInstance(t)!)
            .OrderBy(f => f.Id, StringComparer.Ordinal)
            .ToList());

    /// <summary>Every figure.</summary>
    public static IReadOnlyList<Figure> All => s_all.Value;

    /// <summary>The figure with the given id, or a <see cref="ParameterException"/> listing the valid ids.</summary>
    public static Figure Find(string id)
    {
        var f = All.FirstOrDefault(x => x.Id == id);
        if (f != null) return f;
        var near = All.Where(x => x.Id.Contains(id, StringComparison.OrdinalIgnoreCase)).Select(x => x.Id).ToList();
        string hint = near.Count > 0 ? $"did you mean {string.Join(", ", near)}?" : "run `transferlab list` for the catalogue";
        throw new ParameterException("id", id, $"unknown figure id; {hint}");
    }
}
