using Microsoft.AspNetCore.Http;

namespace Portico.Linkis;

/// <summary>
/// A Linkis REST endpoint the gateway serves itself because it owns the data behind it (the instance-label API under
/// <c>microservice</c>, the token API under <c>basedata-manager</c>), while every other path of the same service still
/// goes to the backend. The Linkis routing filter asks the registered endpoints, in registration order, before parsing;
/// the first that claims the request answers it and nothing is forwarded. They run after the Linkis security filter,
/// so <see cref="Security.Linkis.LinkisIdentityExtensions.GetLinkisIdentity"/> tells who is calling.
/// </summary>
public interface ILinkisLocalEndpoint
{
    /// <summary>
    /// Whether this endpoint serves <paramref name="apiPath"/>: the request path after the REST prefix and its slash
    /// (for <c>/api/rest_j/v1/microservice/allInstance</c> it is <c>microservice/allInstance</c>). Runs for every
    /// request on the <c>api</c> route: a span comparison, no allocation.
    /// </summary>
    bool Matches(ReadOnlySpan<char> apiPath);

    /// <summary>Answers the request (a Linkis <c>Message</c> as JSON).</summary>
    Task HandleAsync(HttpContext context);
}
