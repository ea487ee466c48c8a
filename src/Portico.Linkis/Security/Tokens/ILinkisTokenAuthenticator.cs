namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// Checks a Linkis token (§4.5): looks the token up, then runs Linkis's checks in order (present, known, not expired,
/// user allowed, host allowed). The security filter and <c>/user/token-login</c> call it once they have found
/// <c>Token-Code</c> and <c>Token-User</c>; they own detection, the on/off switch, ticket issuing and <c>Token-Alive</c>.
/// Changes to the token store are seen by the next call.
/// </summary>
public interface ILinkisTokenAuthenticator
{
    /// <summary>Authenticates <paramref name="tokenUser"/> with <paramref name="tokenCode"/> from <paramref name="clientHost"/>.</summary>
    /// <param name="tokenCode">The <c>Token-Code</c> value.</param>
    /// <param name="tokenUser">The <c>Token-User</c> value.</param>
    /// <param name="clientHost">The client address for the legal-host check (after trusted-proxy resolution, D8).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask<LinkisTokenResult> AuthenticateAsync(string? tokenCode, string? tokenUser, string? clientHost, CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="ILinkisTokenAuthenticator.AuthenticateAsync"/>.</summary>
/// <param name="Succeeded">Whether the token is valid for the user and host.</param>
/// <param name="UserName">The authenticated user (the <c>Token-User</c>) on success.</param>
/// <param name="Message">
/// On failure the whole 401 message text, as Linkis writes it:
/// <c>Token Authentication Failed, token: &lt;masked token&gt;，tokenUser: &lt;user&gt;, reason: &lt;check's text&gt;</c>,
/// with the token masked (D10).
/// </param>
/// <param name="ErrorCode">The Linkis error code of the failed check (15200–15207), 0 on success.</param>
public readonly record struct LinkisTokenResult(bool Succeeded, string? UserName, string? Message, int ErrorCode)
{
    /// <summary>A success for <paramref name="userName"/>.</summary>
    public static LinkisTokenResult Success(string userName) => new(true, userName, null, 0);

    /// <summary>A failure with its full message text and code.</summary>
    public static LinkisTokenResult Failure(string message, int errorCode) => new(false, null, message, errorCode);
}
