namespace Portico.LoadBalancing;

/// <summary>
/// Resolves a service id of an <c>lb://</c> URL to one instance for an exchange. Without a registered chooser every
/// <c>lb://</c> route answers 503.
/// </summary>
public interface IServiceInstanceChooser
{
    /// <summary>Chooses an instance of <paramref name="serviceId"/>, or returns null when none is available.</summary>
    ValueTask<ServiceInstanceChoice?> ChooseAsync(string serviceId, GatewayExchange exchange);
}

/// <summary>The instance chosen for one exchange.</summary>
/// <param name="InstanceId">The instance id.</param>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">Port.</param>
/// <param name="Secure">Whether the instance speaks TLS.</param>
public sealed record ServiceInstanceChoice(string InstanceId, string Host, int Port, bool Secure);
