using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace Portico.Security.Linkis.Passwords;

/// <summary>
/// Linkis's LDAP login (§4.6): a simple bind as <c>userNameFormat</c> with <c>%s</c> replaced by the lower-cased user
/// name (escaped per RFC 4514 here, unlike Linkis), or as the bare name. An empty password is refused before any bind,
/// since LDAP treats it as an anonymous bind that succeeds.
/// </summary>
internal sealed class LdapPasswordAuthenticator(ILinkisSecuritySettings settings, TimeProvider time, ILogger<LdapPasswordAuthenticator> logger) : IPasswordAuthenticator
{
    public string Name => "ldap";

    public async ValueTask<PasswordAuthenticationResult> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var config = settings.Current.Ldap;
        if (string.IsNullOrWhiteSpace(config.Url))
        {
            return PasswordAuthenticationResult.NotConfigured;
        }

        if (!LdapEndpoint.TryParse(config.Url.Trim(), out var endpoint))
        {
            LinkisSecurityLog.LdapUrlInvalid(logger, config.Url);
            return PasswordAuthenticationResult.Unavailable;
        }

        if (string.IsNullOrEmpty(password) || string.IsNullOrEmpty(userName))
        {
            return PasswordAuthenticationResult.Rejected;
        }

        var user = userName.ToLowerInvariant();
        var bindName = LdapDn.BindName(config.UserNameFormat, user);
        using var timeout = new CancellationTokenSource(config.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var result = await LdapSimpleBindClient.BindAsync(
                endpoint, bindName, password, config.StartTls, config.DangerousAcceptAnyServerCertificate, config.ConnectTimeout, time, linked.Token).ConfigureAwait(false);
            if (result.ResultCode == LdapBindResult.Success)
            {
                return PasswordAuthenticationResult.Success(user, isAdmin: false);
            }

            LinkisSecurityLog.LdapBindRejected(logger, user, result.ResultCode, result.DiagnosticMessage);
            return PasswordAuthenticationResult.Rejected;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LinkisSecurityLog.LdapUnavailable(logger, config.Url, new TimeoutException($"no answer within {config.Timeout}"));
            return PasswordAuthenticationResult.Unavailable;
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or LdapProtocolException or TimeoutException)
        {
            LinkisSecurityLog.LdapUnavailable(logger, config.Url, ex);
            return PasswordAuthenticationResult.Unavailable;
        }
    }
}
