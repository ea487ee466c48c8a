namespace Portico.Linkis.WebSockets;

/// <summary>
/// Identifies a backend connection of a multiplexed socket: an application and one of its instances (<c>host:port</c>),
/// both compared case-insensitively. Keying by instance as well as application means a message pinned to another
/// instance of the same application (an execID of a job that instance owns) reaches that instance.
/// </summary>
internal readonly record struct BackendKey(string Application, string Instance)
{
    public bool Equals(BackendKey other) =>
        string.Equals(Application, other.Application, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Instance, other.Instance, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(Application), StringComparer.OrdinalIgnoreCase.GetHashCode(Instance));

    public override string ToString() => Application + "/" + Instance;
}
