namespace Portico.Forwarding;

/// <summary>
/// A request feature the forwarder sets once it starts to consume the client's body: from then on the request can no
/// longer be sent anywhere else, whoever decides on retries. The forwarder knows no exchange or route; this is all it
/// tells the layers above it.
/// </summary>
internal sealed class RequestBodyConsumed
{
    private RequestBodyConsumed()
    {
    }

    /// <summary>The one value of the feature: its presence is the fact.</summary>
    public static RequestBodyConsumed Marker { get; } = new();
}
