namespace Portico.Security.Linkis.ProxyUsers;

/// <summary>
/// Linkis's proxy-user file (§4.7): <c>user=proxyUser</c> maps a login to the user its session is issued for, and
/// <c>validationCode=user1,user2</c> (or <c>*</c>) says whom <c>/user/proxy</c> may log in as with that code.
/// </summary>
public interface IProxyUserMap
{
    /// <summary>Whether proxy users are switched on.</summary>
    bool Enabled { get; }

    /// <summary>The user a login of <paramref name="userName"/> is issued for: its mapping when enabled and non-blank, else itself.</summary>
    string MapLogin(string userName);

    /// <summary>Whether <paramref name="validationCode"/> allows logging in as <paramref name="proxyUser"/> (false when disabled).</summary>
    bool IsAllowedProxy(string? validationCode, string? proxyUser);
}
