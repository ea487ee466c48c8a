namespace Portico.Management;

/// <summary>
/// Who may reach the admin endpoints under <c>/actuator</c>. Read once at start-up from the configuration section
/// <c>Portico:Management</c> (relaxed names: <c>allowed-networks</c> = <c>AllowedNetworks</c>); register your own
/// instance in the service collection to set it in code instead. By default only loopback clients are answered;
/// everyone else gets 403.
/// </summary>
/// <remarks>
/// With <see cref="Port"/> set the endpoints answer only on that port, so the app must also listen on it, e.g.
/// <c>builder.WebHost.ConfigureKestrel(k => { k.ListenAnyIP(8080); k.ListenAnyIP(9090); })</c> for gateway traffic on
/// 8080 and management on 9090. On other ports <c>/actuator</c> paths are ordinary gateway traffic.
/// </remarks>
public sealed record ManagementOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string SectionName = "Portico:Management";

    /// <summary>
    /// The only local port the endpoints answer on; null serves them on every port. Once set the port is the
    /// boundary: any client that reaches it is answered, unless <see cref="AllowedNetworks"/> narrows it.
    /// </summary>
    public int? Port { get; init; }

    /// <summary>
    /// Client networks allowed in, as CIDR (<c>10.0.0.0/8</c>, <c>::1/128</c>) or single addresses. Empty means
    /// loopback only, or anyone on the management <see cref="Port"/> when one is set. Loopback is not implied once
    /// networks are listed: add <c>127.0.0.0/8</c> and <c>::1</c> to keep it.
    /// </summary>
    public IReadOnlyList<string> AllowedNetworks { get; init; } = [];

    /// <summary>User name required (with <see cref="Password"/>, as HTTP Basic) for state-changing endpoints such as refresh.</summary>
    public string? Username { get; init; }

    /// <summary>Password for <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>Bearer token accepted for state-changing endpoints, instead of or as well as Basic credentials.</summary>
    public string? Token { get; init; }

    /// <summary>Answer the health endpoints for any client (status only; components are shown to allowed clients).</summary>
    public bool ExposeHealthPublicly { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"ManagementOptions {{ Port = {Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"}, AllowedNetworks = [{string.Join(", ", AllowedNetworks)}], "
        + $"Username = {Username ?? "none"}, Password = {(Password is null ? "none" : "***")}, Token = {(Token is null ? "none" : "***")}, "
        + $"ExposeHealthPublicly = {ExposeHealthPublicly} }}";
}
