using System.Globalization;

namespace TransferLab.Validation;

/// <summary>
/// An invalid input parameter. The message names the parameter (by its CLI / spec name), the value
/// given and the valid range, so the command line can print it as a one-line error and exit 2.
/// </summary>
public sealed class ParameterException : ArgumentException
{
    /// <summary>
    /// The parameter's name as its schema declares it, e.g. <c>alpha-ft</c>; front ends map it to their own spelling
    /// (the command line to <c>--alpha-ft</c>).
    /// </summary>
    public string Parameter { get; }

    /// <summary>The offending value, formatted invariantly.</summary>
    public string? Value { get; }

    /// <summary>Creates the exception; <paramref name="rule"/> says what is allowed, e.g. "must be > 0".</summary>
    public ParameterException(string parameter, object? value, string rule)
        : base($"{parameter} = {Format(value)}: {rule}", parameter)
    {
        Parameter = parameter;
        Value = Format(value);
        Rule = rule;
    }

    /// <summary>Creates the exception with a free-form message (no value), e.g. for missing files.</summary>
    public ParameterException(string parameter, string message)
        : base($"{parameter}: {message}", parameter)
    {
        Parameter = parameter;
        Rule = message;
    }

    /// <summary>What is valid (or, without a value, the whole explanation).</summary>
    public string Rule { get; }

    /// <summary>The one-line message with the parameter spelled as <paramref name="displayName"/>.</summary>
    public string MessageFor(string displayName) => Value is null ? $"{displayName}: {Rule}" : $"{displayName} = {Value}: {Rule}";

    /// <summary>The message without .NET's appended "(Parameter 'x')".</summary>
    public override string Message => base.Message.Replace($" (Parameter '{ParamName}')", "");

    private static string Format(object? v) => v switch
    {
        null => "(none)",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
