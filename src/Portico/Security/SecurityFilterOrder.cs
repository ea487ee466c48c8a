using Portico.Filters;

namespace Portico.Security;

/// <summary>
/// Orders of the gateway's security filters, between <see cref="GlobalFilterOrder.ErrorHandling"/> and
/// <see cref="GlobalFilterOrder.WriteResponse"/>: every response they produce gets the problem format, and they run
/// before any route filter (route filters are numbered from 1). CORS comes first so that preflight requests are
/// answered without credentials.
/// </summary>
public static class SecurityFilterOrder
{
    /// <summary>Answers CORS preflight requests and adds CORS headers to responses.</summary>
    public const int Cors = -150;

    /// <summary>Authenticates requests to routes that require it (JWT bearer tokens, API keys).</summary>
    public const int Authentication = -100;

    /// <summary>Every constant of this class by name, for introspection.</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> All { get; } =
    [
        new(nameof(Cors), Cors),
        new(nameof(Authentication), Authentication),
    ];
}
