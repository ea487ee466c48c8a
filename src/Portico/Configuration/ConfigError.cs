namespace Portico.Configuration;

/// <summary>One problem found while validating configuration.</summary>
/// <param name="RouteId">The route the problem belongs to, or null for gateway-wide settings.</param>
/// <param name="Field">Where the problem is, e.g. <c>predicates[0].args.patterns</c>.</param>
/// <param name="Problem">What is wrong.</param>
/// <param name="Fix">How to fix it.</param>
public sealed record ConfigError(string? RouteId, string Field, string Problem, string Fix)
{
    /// <inheritdoc />
    public override string ToString() =>
        RouteId is null ? $"{Field}: {Problem} Fix: {Fix}" : $"route '{RouteId}', {Field}: {Problem} Fix: {Fix}";
}

/// <summary>Thrown at start-up when the configuration has errors; carries all of them.</summary>
public sealed class PorticoConfigException : Exception
{
    /// <summary>Creates the exception for <paramref name="errors"/>.</summary>
    public PorticoConfigException(IReadOnlyList<ConfigError> errors)
        : base(Format(errors)) => Errors = errors;

    /// <summary>Creates an exception with a message only.</summary>
    public PorticoConfigException(string message)
        : base(message) => Errors = [];

    /// <summary>Creates an exception with a message and cause.</summary>
    public PorticoConfigException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>Creates an exception with no detail.</summary>
    public PorticoConfigException()
        : this("Invalid Portico configuration.")
    {
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Format(IReadOnlyList<ConfigError> errors) =>
        $"Invalid Portico configuration ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):{Environment.NewLine}  - "
        + string.Join(Environment.NewLine + "  - ", errors);
}
