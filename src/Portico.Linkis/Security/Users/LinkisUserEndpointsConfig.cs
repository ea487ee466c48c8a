namespace Portico.Security.Linkis.Users;

/// <summary>Settings of the gateway's own user endpoints (<c>linkis-security:user-endpoints</c>, §4.3 and §4.8).</summary>
public sealed record LinkisUserEndpointsConfig
{
    /// <summary>Returned by <c>/user/baseinfo</c> as <c>resultSetExportEnable</c> (<c>linkis.web.result.set.export.enable</c>).</summary>
    public bool ResultSetExportEnabled { get; init; } = true;

    /// <summary>Returned by <c>/user/baseinfo</c> as <c>linkisClusterName</c> (<c>linkis.cluster.name</c>).</summary>
    public string ClusterName { get; init; } = "";

    /// <summary>Returned by <c>/user/baseinfo</c> as <c>engineLogOnlyAdminEnable</c> (<c>linkis.engine.log.only.admin</c>).</summary>
    public bool EngineLogOnlyAdmin { get; init; }

    /// <summary>Expects RSA-encrypted passwords at login and publishes the key at <c>/user/publicKey</c> (<c>wds.linkis.login_encrypt.enable</c>).</summary>
    public bool LoginEncrypt { get; init; }

    /// <summary>OAuth 2 login (<c>wds.linkis.gateway.conf.enable.oauth.auth</c> and <c>wds.linkis.gateway.auth.oauth.*</c>).</summary>
    public LinkisOAuthConfig OAuth { get; init; } = new();

    /// <summary>
    /// Single sign-on through the registered <see cref="ILinkisSsoInterceptor"/> (<c>wds.linkis.gateway.conf.enable.sso</c>);
    /// the configuration is refused when none is registered.
    /// </summary>
    public bool SsoEnabled { get; init; }
}

/// <summary>OAuth 2 authorization-code login (§4.8).</summary>
public sealed record LinkisOAuthConfig
{
    /// <summary>Switches OAuth login on (<c>wds.linkis.gateway.conf.enable.oauth.auth</c>).</summary>
    public bool Enabled { get; init; }

    /// <summary>The authorize URL (<c>wds.linkis.gateway.auth.oauth.authentication.url</c>).</summary>
    public string AuthenticationUrl { get; init; } = "";

    /// <summary>The token exchange URL (<c>wds.linkis.gateway.auth.oauth.exchange.url</c>).</summary>
    public string ExchangeUrl { get; init; } = "";

    /// <summary>The user-info URL (<c>wds.linkis.gateway.auth.oauth.validate.url</c>).</summary>
    public string ValidateUrl { get; init; } = "";

    /// <summary>The user-name field of the user-info JSON (<c>wds.linkis.gateway.auth.oauth.validate.field</c>).</summary>
    public string ValidateField { get; init; } = "";

    /// <summary>The client id (<c>wds.linkis.gateway.auth.oauth.client.id</c>).</summary>
    public string ClientId { get; init; } = "";

    /// <summary>The client secret (<c>wds.linkis.gateway.auth.oauth.client.secret</c>).</summary>
    public string ClientSecret { get; init; } = "";

    /// <summary>The scope (<c>wds.linkis.gateway.auth.oauth.scope</c>).</summary>
    public string Scope { get; init; } = "";

    /// <summary>
    /// Time allowed for each call to the authorization server (the code exchange, then the user-info lookup), connecting
    /// included. Linkis sets none.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Binds each login to the browser that started it (OAuth's <c>state</c>, against login CSRF): <c>oauth-redirect</c>
    /// adds a random <c>state</c> to the authorize URL and sets it in a short-lived cookie, and <c>oauth-login</c> refuses
    /// a callback whose <c>state</c> query parameter does not match the cookie. Off by default because Linkis sends no
    /// <c>state</c>: turn it on when the authorization server redirects straight to <c>oauth-login</c>, or when the page it
    /// redirects to passes <c>state</c> on.
    /// </summary>
    public bool RequireState { get; init; }

    // Hides the secret, so that logging or printing the configuration never shows it.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Enabled = ").Append(Enabled)
            .Append(", AuthenticationUrl = ").Append(AuthenticationUrl)
            .Append(", ExchangeUrl = ").Append(ExchangeUrl)
            .Append(", ValidateUrl = ").Append(ValidateUrl)
            .Append(", ClientId = ").Append(ClientId)
            .Append(", ClientSecret = ").Append(ClientSecret.Length == 0 ? "(none)" : "***");
        return true;
    }
}
