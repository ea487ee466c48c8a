using Microsoft.Extensions.Logging;

namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// Linkis's token checks (§4.5) in Linkis's order: a token is given, it is in the table, it has not expired, the user
/// is one of its legal users, the client address one of its legal hosts. Reads the store's in-memory snapshot, so a
/// change is seen by the next request and no request waits on storage. Failures carry Linkis's code and full 401 text
/// with the token masked (D10). Linkis's RSA-protected tokens (<c>linkis.rsa.token.switch</c>) are not supported:
/// Portico keeps keyed hashes, which protect a leaked table without a decryption key to guard.
/// </summary>
internal sealed class LinkisTokenAuthenticator(Lazy<ILinkisTokenStore> store, TimeProvider time, ILogger<LinkisTokenAuthenticator> logger)
    : ILinkisTokenAuthenticator
{
    // The store is opened on first use: a gateway whose Linkis authentication is off never needs its key or file.
    public LinkisTokenAuthenticator(ILinkisTokenStore store, TimeProvider time, ILogger<LinkisTokenAuthenticator> logger)
        : this(new Lazy<ILinkisTokenStore>(store), time, logger)
    {
    }

    public ValueTask<LinkisTokenResult> AuthenticateAsync(string? tokenCode, string? tokenUser, string? clientHost, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Authenticate(tokenCode, tokenUser, clientHost));

    public LinkisTokenResult Authenticate(string? tokenCode, string? tokenUser, string? clientHost)
    {
        if (string.IsNullOrEmpty(tokenCode))
        {
            return Fail(tokenCode, tokenUser, clientHost, LinkisTokenErrors.TokenIsNullCode, LinkisTokenErrors.TokenIsNull(tokenCode));
        }

        var token = store.Value.FindByValue(tokenCode);
        if (token is null)
        {
            return Fail(tokenCode, tokenUser, clientHost, LinkisTokenErrors.NotExistCode, LinkisTokenErrors.NotExist(LinkisTokenMask.Mask(tokenCode)));
        }

        if (token.IsExpiredAt(time.GetUtcNow()))
        {
            return Fail(tokenCode, tokenUser, clientHost, LinkisTokenErrors.ExpiredCode, LinkisTokenErrors.Expired(token.Mask));
        }

        // A blank user is caught by the caller (Linkis asks for both headers); never let '*' admit it.
        if (string.IsNullOrEmpty(tokenUser) || !token.AllowsUser(tokenUser))
        {
            return Fail(tokenCode, tokenUser, clientHost, LinkisTokenErrors.IllegalUserCode, LinkisTokenErrors.IllegalUser(tokenUser));
        }

        if (!token.AllowsHost(clientHost))
        {
            return Fail(tokenCode, tokenUser, clientHost, LinkisTokenErrors.IllegalHostCode, LinkisTokenErrors.IllegalHost(clientHost));
        }

        LinkisTokenLog.Authenticated(logger, token.Name, tokenUser, clientHost);
        return LinkisTokenResult.Success(tokenUser);
    }

    private LinkisTokenResult Fail(string? tokenCode, string? tokenUser, string? clientHost, int code, string description)
    {
        var mask = LinkisTokenMask.Mask(tokenCode);
        LinkisTokenLog.Refused(logger, mask, tokenUser, clientHost, code);
        return LinkisTokenResult.Failure(LinkisTokenErrors.Failure(mask, tokenUser, code, description), code);
    }
}
