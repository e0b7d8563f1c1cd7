using TransferLab.Validation;

namespace TransferLab.Experiments.Families;

/// <summary>Every model family, in command order. An explicit list: adding a model is one line here and one file.</summary>
public static class FamilyCatalogue
{
    private static readonly Lazy<IReadOnlyList<ModelFamily>> s_all = new(() => new ModelFamily[]
    {
        new LinearFamily(),
        new DeepLinearFamily(),
        new DiagonalFamily(),
        new ReluFamily(),
        new ReluNtkFamily(),
        new ReluOverlapFamily(),
        new ReluLeversFamily(),
    });

    /// <summary>Every family.</summary>
    public static IReadOnlyList<ModelFamily> All => s_all.Value;

    /// <summary>The family named <paramref name="model"/>, or a <see cref="ParameterException"/> for <c>model</c> listing the names.</summary>
    public static ModelFamily Find(string model) => All.FirstOrDefault(f => f.Name == model)
        ?? throw new ParameterException("model", model, "expected one of " + string.Join(", ", All.Select(f => f.Name)));
}
