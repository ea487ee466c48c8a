using System.Security.Cryptography;
using System.Text;

namespace Portico.Security.Linkis.Passwords;

/// <summary>
/// The built-in administrator (<c>wds.linkis.admin.user</c> / <c>.password</c>). Unlike Linkis there is no default
/// password: without a configured one this login is disabled.
/// </summary>
internal sealed class AdminPasswordAuthenticator(ILinkisSecuritySettings settings) : IPasswordAuthenticator
{
    public string Name => "admin";

    public ValueTask<PasswordAuthenticationResult> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var config = settings.Current;
        if (string.IsNullOrEmpty(config.AdminPassword) || string.IsNullOrEmpty(config.AdminUser))
        {
            return ValueTask.FromResult(PasswordAuthenticationResult.NotConfigured);
        }

        // Compare digests in constant time so neither the length nor a prefix of the password leaks through timing.
        var ok = SecretEquals(password, config.AdminPassword);
        return ValueTask.FromResult(ok && string.Equals(userName, config.AdminUser, StringComparison.Ordinal)
            ? PasswordAuthenticationResult.Success(config.AdminUser, isAdmin: true)
            : PasswordAuthenticationResult.Rejected);
    }

    internal static bool SecretEquals(string given, string expected)
    {
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(given), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
