using System.Text.Json.Serialization;
using TransferLab.Experiments.Families;

namespace TransferLab.Experiments;

/// <summary>
/// Compile-time JSON metadata for the payloads of the <c>theory</c> and <c>simulate</c> commands, chained in front of the
/// reflection-based resolver in <see cref="ResultJson.Options"/>. The output is the same (the options' snake_case names,
/// converters and encoder apply to generated metadata as to reflected); what changes is that these types need neither
/// reflection nor run-time code generation. That makes <c>--json</c> work in the ahead-of-time compiled CLI that
/// <c>./transferlab</c> runs these commands with (reflection cannot build the serializer of a record whose constructor
/// takes value types there), and it spares the JIT-compiled CLI the serializer's first-use cost (docs/benchmarks.md,
/// "Start-up, third round"). A payload type missing here still serializes by reflection under the JIT;
/// <c>scripts/compare-cli-output.sh</c> (run by CI) fails when the native build cannot.
/// </summary>
[JsonSerializable(typeof(LinearFamily.TheoryResult), TypeInfoPropertyName = "LinearTheory")]
[JsonSerializable(typeof(LinearFamily.SimulationResult), TypeInfoPropertyName = "LinearSimulation")]
[JsonSerializable(typeof(DeepLinearFamily.TheoryResult), TypeInfoPropertyName = "DeepLinearTheory")]
[JsonSerializable(typeof(DeepLinearFamily.AnisotropicTheoryResult), TypeInfoPropertyName = "DeepLinearAnisotropicTheory")]
[JsonSerializable(typeof(DeepLinearFamily.SimulationResult), TypeInfoPropertyName = "DeepLinearSimulation")]
[JsonSerializable(typeof(DiagonalFamily.TheoryResult), TypeInfoPropertyName = "DiagonalTheory")]
[JsonSerializable(typeof(DiagonalFamily.SimulationResult), TypeInfoPropertyName = "DiagonalSimulation")]
[JsonSerializable(typeof(ReluFamily.SimulationResult), TypeInfoPropertyName = "ReluSimulation")]
[JsonSerializable(typeof(ReluLeverSummary.SyntheticResult), TypeInfoPropertyName = "ReluLeversSimulation")]
[JsonSerializable(typeof(ReluLeverSummary.CifarResult), TypeInfoPropertyName = "ReluLeversCifarSimulation")]
[JsonSerializable(typeof(ReluNtkFamily.TheoryResult), TypeInfoPropertyName = "ReluNtkTheory")]
[JsonSerializable(typeof(ReluOverlapFamily.TheoryResult), TypeInfoPropertyName = "ReluOverlapTheory")]
internal sealed partial class PayloadJsonContext : JsonSerializerContext;
