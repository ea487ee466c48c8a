namespace Portico.Linkis;

/// <summary>
/// Where a Linkis request goes (Linkis's <c>ServiceInstance</c>): an application and, optionally, one of its instances
/// (<c>host:port</c>). Without an instance the load balancer chooses one.
/// </summary>
public sealed record ServiceTarget
{
    /// <summary>Creates a target; a blank <paramref name="instance"/> means "any instance".</summary>
    public ServiceTarget(string application, string? instance = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(application);
        Application = application;
        Instance = string.IsNullOrWhiteSpace(instance) ? null : instance;
    }

    /// <summary>The application (service) name; before resolution it may be a short id such as <c>cg-entrance</c>.</summary>
    public string Application { get; }

    /// <summary>The pinned instance (<c>host:port</c>), or null.</summary>
    public string? Instance { get; }

    /// <inheritdoc />
    public override string ToString() => Instance is null ? Application : Application + "/" + Instance;
}
