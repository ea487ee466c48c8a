using Microsoft.Extensions.Logging;

namespace Portico.Security.Linkis.Passwords;

/// <summary>Tries each <see cref="IPasswordAuthenticator"/> in registration order; the first to authenticate wins.</summary>
internal sealed class PasswordAuthenticatorChain(IEnumerable<IPasswordAuthenticator> authenticators, ILogger<PasswordAuthenticatorChain> logger)
{
    private readonly IPasswordAuthenticator[] _authenticators = [.. authenticators];

    public IReadOnlyList<IPasswordAuthenticator> Authenticators => _authenticators;

    /// <summary>
    /// The first success, or <see cref="PasswordAuthenticationStatus.Rejected"/> when no store accepted the credentials
    /// (<see cref="PasswordAuthenticationStatus.Unavailable"/> when none accepted and one could not be asked).
    /// </summary>
    public async ValueTask<PasswordAuthenticationResult> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var unavailable = false;
        foreach (var authenticator in _authenticators)
        {
            var result = await authenticator.AuthenticateAsync(userName, password, cancellationToken).ConfigureAwait(false);
            if (result.IsAuthenticated)
            {
                LinkisSecurityLog.PasswordAccepted(logger, result.UserName ?? userName, authenticator.Name);
                return result;
            }

            unavailable |= result.Status == PasswordAuthenticationStatus.Unavailable;
        }

        return unavailable ? PasswordAuthenticationResult.Unavailable : PasswordAuthenticationResult.Rejected;
    }
}
