using TransferLab.Validation;

namespace TransferLab.Models;

/// <summary>
/// The transfer protocols of the deep-linear family (Tahir et al. 2024 §3; Shachaf et al. 2021 §4), the one protocol
/// type its training (<c>DeepLinearProtocols</c>), theory (transferability surfaces of linear transfer and fine-tuning),
/// exact-limit draws and simulation share (docs/tahir2024.md).
/// </summary>
public enum DeepLinearProtocol
{
    /// <summary>Train every layer from a small random initialisation on the target data.</summary>
    Scratch,
    /// <summary>Keep the pretrained W₁…W_{L−1}; refit only the readout W_L on the target data (closed form; Tahir et al. Theorems 3.7/3.8).</summary>
    LinearTransfer,
    /// <summary>Gradient flow on every layer from the pretrained weights (Tahir et al. Theorem 3.9; Shachaf et al. §4).</summary>
    FineTune,
    /// <summary>Gradient flow from the pretrained weights with the leading layers held fixed.</summary>
    Frozen,
}

/// <summary>The kebab-case names of <see cref="DeepLinearProtocol"/> used in schemas, CSV columns and JSON.</summary>
public static class DeepLinearProtocolNames
{
    /// <summary>Every protocol's name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = ["scratch", "linear-transfer", "fine-tune", "frozen"];

    /// <summary>The name: scratch | linear-transfer | fine-tune | frozen.</summary>
    public static string Name(this DeepLinearProtocol p) => p switch
    {
        DeepLinearProtocol.Scratch => "scratch",
        DeepLinearProtocol.LinearTransfer => "linear-transfer",
        DeepLinearProtocol.FineTune => "fine-tune",
        DeepLinearProtocol.Frozen => "frozen",
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };

    /// <summary>The protocol named <paramref name="value"/>; a <see cref="ParameterException"/> for <paramref name="parameter"/> otherwise.</summary>
    public static DeepLinearProtocol Parse(string value, string parameter = "protocol") => value switch
    {
        "scratch" => DeepLinearProtocol.Scratch,
        "linear-transfer" => DeepLinearProtocol.LinearTransfer,
        "fine-tune" => DeepLinearProtocol.FineTune,
        "frozen" => DeepLinearProtocol.Frozen,
        _ => throw new ParameterException(parameter, value, "must be one of " + string.Join(", ", All)),
    };
}
