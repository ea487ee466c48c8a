using Microsoft.AspNetCore.Http;

namespace Portico.Security.Linkis;

/// <summary>
/// Who sent a request on a Linkis route, as the Linkis security filter established it. Later steps (the gateway's own
/// endpoints, the WebSocket multiplexer, user filters) read it with <see cref="LinkisIdentityExtensions.GetLinkisIdentity"/>
/// instead of decoding cookies again.
/// </summary>
/// <param name="UserName">The user the request acts as (after proxy-user mapping); null for anonymous (pass-auth) requests.</param>
/// <param name="Method">How the user was established.</param>
/// <param name="IsAdmin">Whether the user is the configured Linkis administrator.</param>
/// <param name="Ticket">The session ticket the request carries or was issued for it, when there is one.</param>
public sealed record LinkisIdentity(string? UserName, LinkisAuthenticationMethod Method, bool IsAdmin, string? Ticket)
{
    /// <summary>The identity of a request let through without login (pass-auth prefixes, the no-auth pattern).</summary>
    public static LinkisIdentity Anonymous { get; } = new(null, LinkisAuthenticationMethod.Anonymous, false, null);

    /// <summary>True when a user is known.</summary>
    public bool IsAuthenticated => UserName is not null;
}

/// <summary>How a Linkis request was authenticated.</summary>
public enum LinkisAuthenticationMethod
{
    /// <summary>Let through without a user (pass-auth URL prefix or the no-auth pattern).</summary>
    Anonymous,

    /// <summary>A live session of the ticket cookie.</summary>
    Session,

    /// <summary>The internal RPC identity's ticket header.</summary>
    InternalRpcHeader,

    /// <summary><c>Token-Code</c> and <c>Token-User</c>.</summary>
    Token,

    /// <summary>The test user of test mode.</summary>
    TestMode,

    /// <summary>A single-sign-on interceptor.</summary>
    SingleSignOn,
}

/// <summary>Reads and sets the <see cref="LinkisIdentity"/> of a request.</summary>
public static class LinkisIdentityExtensions
{
    /// <summary>The identity the Linkis security filter established for this request, or null when it did not run.</summary>
    public static LinkisIdentity? GetLinkisIdentity(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<LinkisIdentity>();
    }

    /// <summary>Records the identity of this request.</summary>
    public static void SetLinkisIdentity(this HttpContext context, LinkisIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(identity);
        context.Features.Set(identity);
    }
}
