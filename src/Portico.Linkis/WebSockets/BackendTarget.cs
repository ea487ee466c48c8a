using Portico.Discovery;

namespace Portico.Linkis.WebSockets;

/// <summary>Where a client message goes: an application's chosen instance, and whether the message named that instance.</summary>
/// <param name="Application">The registry name of the application.</param>
/// <param name="Instance">The instance the load-balancing pipeline chose.</param>
/// <param name="Pinned">
/// Whether the message itself asked for an instance (execID, <c>instance</c> or <c>emInstance</c> parameter, result-set
/// body); the backend connection then carries <c>FIXED_INSTANCE</c>, as a pinned HTTP request does.
/// </param>
internal sealed record BackendTarget(string Application, ServiceInstance Instance, bool Pinned)
{
    public BackendKey Key { get; } = new(Application, Instance.Authority);
}
