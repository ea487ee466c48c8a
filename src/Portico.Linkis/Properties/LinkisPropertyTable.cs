using static Portico.Configuration.LinkisProperties.LinkisValueKind;

namespace Portico.Configuration.LinkisProperties;

/// <summary>
/// Every Linkis property Portico knows (the keys of the Linkis gateway, its Spring Cloud Gateway layer, the shared
/// server and session settings and the routing settings), with the Portico setting each one sets or the reason Portico
/// does not read it. Values keep Linkis's formats; <see cref="LinkisValueConverter"/> turns them into Portico's.
/// </summary>
internal static class LinkisPropertyTable
{
    /// <summary>The Linkis-mode switch, set whenever Linkis properties are read.</summary>
    public const string LinkisEnabled = Linkis + "enabled";

    /// <summary>The Linkis-security switch, set whenever Linkis properties are read.</summary>
    public const string SecurityEnabled = Security + "enabled";

    private const string Linkis = "Portico:linkis:";
    private const string Security = "Portico:linkis-security:";
    private const string Cookie = Security + "cookie:";
    private const string Access = Security + "access:";
    private const string Tokens = Security + "tokens:";
    private const string Users = Security + "user-endpoints:";
    private const string OAuth = Users + "oauth:";
    private const string Ldap = Security + "ldap:";
    private const string Cors = Access + "cors:";

    private const string Dss = "DataSphere Studio routing is not built into Portico.";
    private const string Unused = "Linkis declares it but never reads it.";
    private const string Backend = "It is read by the Linkis services behind the gateway, not by the gateway.";
    private const string ClientSdk = "It configures the Linkis client SDK, not the gateway.";
    private const string LabelService = "Portico keeps the instance labels itself: label changes apply on the next request, with no cache to size.";

    /// <summary>The rows, in the order of the Linkis reference (section 8.1).</summary>
    public static IReadOnlyList<LinkisPropertyRule> Rules { get; } =
    [
        // Gateway core (GatewayConfiguration).
        new("wds.linkis.gateway.conf.enable.proxy.user", Bool, Security + "proxy-user:enabled"),
        new("wds.linkis.gateway.conf.proxy.user.config", ConfFile, Security + "proxy-user:file"),
        new("wds.linkis.gateway.conf.proxy.user.scan.interval", Ignored, null) { Reason = "Portico watches the proxy-user file and applies edits at once." },
        new("wds.linkis.gateway.conf.enable.token.auth", Bool, Tokens + "enabled"),
        new("wds.linkis.gateway.auth.token.alive.enable", Bool, Tokens + "alive-enabled"),
        new("wds.linkis.gateway.conf.token.auth.scan.interval", Ignored, null) { Reason = Unused },
        new("wds.linkis.gateway.conf.enable.oauth.auth", Bool, OAuth + "enabled"),
        new("wds.linkis.gateway.auth.oauth.authentication.url", Text, OAuth + "authentication-url"),
        new("wds.linkis.gateway.auth.oauth.exchange.url", Text, OAuth + "exchange-url"),
        new("wds.linkis.gateway.auth.oauth.validate.url", Text, OAuth + "validate-url"),
        new("wds.linkis.gateway.auth.oauth.validate.field", Text, OAuth + "validate-field"),
        new("wds.linkis.gateway.auth.oauth.client.id", Text, OAuth + "client-id"),
        new("wds.linkis.gateway.auth.oauth.client.secret", Secret, OAuth + "client-secret"),
        new("wds.linkis.gateway.auth.oauth.scope", Text, OAuth + "scope"),
        new("wds.linkis.gateway.conf.url.pass.auth", List, Access + "pass-auth-prefixes"),
        new("wds.linkis.gateway.conf.enable.sso", Bool, Users + "sso-enabled"),
        new("wds.linkis.gateway.conf.sso.interceptor", Ignored, null) { Reason = "It names a Java class; register an SSO interceptor with Portico's services instead." },
        new("wds.linkis.admin.user", Text, Security + "admin-user"),
        new("wds.linkis.admin.password", Secret, Security + "admin-password"),
        new("wds.linkis.gateway.usercontrol_switch_on", Ignored, null) { Reason = "Portico does not delegate logins to the usercontrol service; it checks the admin user, LDAP and its users file." },
        new("wds.linkis.usercontrol.application.name", Ignored, null) { Reason = "Portico does not delegate logins to the usercontrol service." },
        new("wds.linkis.gateway.conf.proxy.user.list", Ignored, null) { Reason = "It only serves usercontrol logins, which Portico does not delegate." },
        new("wds.linkis.gateway.publickey.url", Ignored, null) { Reason = Unused },
        new("wds.linkis.login_encrypt.enable", Bool, Users + "login-encrypt"),
        new("wds.linkis.entrance.name", Text, Linkis + "entrance-name"),
        new("wds.linkis.engineconnmanager.name", Text, Linkis + "engine-conn-manager-name"),
        new("wds.linkis.enable.gateway.auth", Bool, Access + "ip-whitelist:enabled"),
        new("wds.linkis.gateway.auth.file", ConfFile, Access + "ip-whitelist:file"),
        new("wds.linkis.gateway.access.token", Ignored, null) { Reason = Unused },
        new("wds.linkis.gateway.control.workspace.ids", Ignored, null) { Reason = Unused },
        new("wds.dss.query.workspace.service", Ignored, null) { Reason = Unused },
        new("wds.linkis.user.workspace.reflesh.time", Ignored, null) { Reason = Unused },
        new("wds.linkis.gateway.server.reflesh.enabled", Bool, Linkis + "registry-refresh-enabled"),
        new("wds.linkis.gateway.header.allow.origin", List, Cors + "allowed-origins"),
        new("wds.linkis.gateway.header.allow.methods", List, Cors + "allowed-methods"),
        new("wds.linkis.gateway.domain.level", Integer, Cookie + "domain-level") { Min = 1, Max = 127 },
        new("wds.linkis.gateway.cookie.domain.setup.switch", Bool, Cookie + "domain-setup"),
        new("wds.linkis.gateway.no.auth.url.regex", Text, Access + "no-auth-pattern"),
        new("wds.linkis.gateway.this.url", Text, Linkis + "this-url"),
        new("wds.linkis.gateway.this.schema", Text, Linkis + "this-schema"),
        new("wds.linkis.web.enable.water.mark", Bool, Security + "enable-watermark"),
        new("linkis.web.result.set.export.enable", Bool, Users + "result-set-export-enabled"),
        new("linkis.cluster.name", Text, Users + "cluster-name"),
        new("linkis.engine.log.only.admin", Bool, Users + "engine-log-only-admin"),
        new("linkis.client.access.control.enable", Bool, Access + "access-control:enabled"),
        new("linkis.client.access.control.ip", Text, Access + "access-control:ips"),
        new("linkis.client.access.control.url", Text, Access + "access-control:urls"),
        new("linkis.client.access.control.user.enable", Bool, Access + "access-control:user-enabled"),
        new("linkis.client.access.control.user.", Text, Access + "access-control:users") { IsPrefix = true },
        new("linkis.system.user.prohibit.login.switch", Bool, Security + "prohibit-system-user-login"),
        new("linkis.system.user.prohibit.login.prefix", List, Security + "system-user-prefixes"),

        // The Spring Cloud Gateway layer.
        new("wds.linkis.gateway.max.buffer.size", Size, Linkis + "max-buffer-size"),
        new("wds.linkis.gateway.conf.max.frame.length", Size, Linkis + "web-socket-max-frame-length") { Min = 1, Max = int.MaxValue },
        new("wds.linkis.gateway.websocket.heartbeat", Duration, Linkis + "web-socket-heartbeat"),
        new("spring.cloud.gateway.url.enabled", Ignored, null) { Reason = "Portico always sends GATEWAY_URL on the Linkis routes." },
        new("spring.server.port", ListenPort, "urls") { Min = 1, Max = 65535 },

        // Linkis hands "spring."-prefixed keys to Spring without the prefix: this is spring.application.name.
        new("spring.spring.application.name", Text, Linkis + "gateway-application"),

        // DataSphere Studio (server support).
        new("wds.linkis.dss.name", Ignored, null) { Reason = Dss },
        new("wds.dss.gateway.url.prefix.name", Ignored, null) { Reason = "Portico reads route labels from the labels and labelsRoute query parameters and the body's labels." },
        new("wds.dss.gateway.url.appconns", Ignored, null) { Reason = Dss },
        new("wds.dss.gateway.apps.server.other.prefix", Ignored, null) { Reason = Dss },
        new("wds.dss.gateway.apps.server.distinct.name", Ignored, null) { Reason = Dss },
        new("wds.dss.gateway.apps.server.ismerge", Ignored, null) { Reason = Dss },

        // Tokens.
        new("wds.linkis.token.cache.max.size", Ignored, null) { Reason = "Portico reads tokens from its own store, where a change applies at once; there is no cache to size." },
        new("wds.linkis.token.cache.expire.minutes", Ignored, null) { Reason = "Portico reads tokens from its own store, where a change applies at once; there is no cache to expire." },
        new("wds.linkis.token.elapse.time", Ignored, null) { Reason = Unused },
        new("linkis.rsa.token.switch", Ignored, null) { Reason = "Portico stores tokens hashed instead of RSA-encrypted." },
        new("linkis.rsa.public.key", Ignored, null) { Reason = "Portico stores tokens hashed instead of RSA-encrypted." },
        new("linkis.rsa.private.key", Ignored, null) { Reason = "Portico stores tokens hashed instead of RSA-encrypted." },

        // Shared server and session settings (linkis-module, linkis-common).
        new("wds.linkis.server.version", Text, Linkis + "server-version"),
        new("wds.linkis.server.restful.uri", Text, Linkis + "rest-prefix"),
        new("wds.linkis.server.user.restful.uri", Text, Linkis + "user-uri"),
        new("wds.linkis.server.socket.uri", Text, Linkis + "socket-uri"),
        new("wds.linkis.server.socket.login.uri", Ignored, null) { Reason = Backend },
        new("wds.linkis.server.socket.text.message.size.max", Size, Linkis + "web-socket-max-message-size") { Min = 1, Max = int.MaxValue },
        new("wds.linkis.server.web.session.timeout", Duration, Security + "session-timeout"),
        new("wds.linkis.session.ticket.key", Text, Cookie + "name"),
        new("wds.linkis.session.proxy.user.ticket.key", Text, Cookie + "proxy-name"),
        new("wds.linkis.ticket.header", Secret, Security + "ticket-header"),
        new("wds.linkis.crypt.key", Secret, Security + "crypt-key"),
        new("linkis.crypt.key.allow.insecure", Bool, Security + "allow-insecure-crypt-key"),
        new("linkis.ticket.cipher.v2.enabled", Required, null)
        {
            RequiredValue = "true",
            Reason = "Portico issues and reads only the AES-GCM (v2) session tickets. Set it to true on every Linkis service, or remove it.",
        },
        new("linkis.username.suffix.enable", Required, null)
        {
            RequiredValue = "false",
            Reason = "Portico does not add a suffix to the user name in session tickets. Set it to false, or remove it.",
        },
        new("linkis.username.suffix.name", Ignored, null) { Reason = "Portico does not add a suffix to the user name in session tickets." },
        new("wds.linkis.server.security.ssl", Bool, Cookie + "secure"),
        new("wds.linkis.server.security.referer.validate", Bool, Access + "referer:validate"),
        new("wds.linkis.server.address", List, Access + "referer:allowed-hosts"),
        new("wds.linkis.test.mode", Bool, Access + "test-mode"),
        new("wds.linkis.test.user", Text, Access + "test-user"),
        new("linkis.session.redis.cache.enabled", Ignored, null) { Reason = "Portico keeps sessions in its own session store." },
        new("linkis.session.redis.host", Ignored, null) { Reason = "Portico keeps sessions in its own session store." },
        new("linkis.session.redis.port", Ignored, null) { Reason = "Portico keeps sessions in its own session store." },
        new("linkis.session.redis.password", Ignored, null) { Reason = "Portico keeps sessions in its own session store." },
        new("linkis.session.redis.sentinel.master", Ignored, null) { Reason = "Portico keeps sessions in its own session store." },
        new("linkis.session.redis.sentinel.nodes", Ignored, null) { Reason = "Portico keeps sessions in its own session store." },
        new("linkis.security.trusted.internal.sources", Ignored, null) { Reason = Backend },
        new("linkis.security.ignore.timeout.require.internal.ip", Ignored, null) { Reason = Backend },
        new("linkis.security.ignore.timeout.require.session.map", Ignored, null) { Reason = Backend },
        new("wds.linkis.encoding", Ignored, null) { Reason = "Portico writes its answers in UTF-8." },
        new("wds.linkis.ldap.proxy.url", Text, Ldap + "url"),
        new("wds.linkis.ldap.proxy.baseDN", Text, Ldap + "base-dn"),
        new("wds.linkis.ldap.proxy.userNameFormat", Text, Ldap + "user-name-format"),
        new("wds.linkis.token", Ignored, null) { Reason = ClientSdk },

        // Routing (RPCConfiguration).
        new("wds.linkis.gateway.conf.enable.publicservice", Bool, Linkis + "public-service-enabled"),
        new("wds.linkis.gateway.conf.publicservice.name", Text, Linkis + "public-service-name"),
        new("wds.linkis.gateway.conf.publicservice.list", List, Linkis + "public-service-list"),
        new("linkis.gateway.conf.linkisdatasource.name", Text, Linkis + "data-source-name"),
        new("linkis.gateway.conf.linkisdatasource.list", List, Linkis + "data-source-list"),
        new("wds.linkis.gateway.conf.linkismanager.name", Text, Linkis + "manager-name"),
        new("wds.linkis.gateway.conf.linkismanager.list", List, Linkis + "manager-list"),
        new("wds.linkis.gateway.conf.contextservice.name", Text, Linkis + "context-service-name"),
        new("linkis.rpc.client.refresh.wait.time.max", Duration, Linkis + "registry-refresh-wait"),
        new("wds.linkis.rpc.eureka.client.refresh.wait.time.max", Duration, Linkis + "registry-refresh-wait") { IsFallback = true },
        new("spring.spring.cloud.loadbalancer.cache.enabled", Ignored, null) { Reason = "Portico load-balances over the live registry, with no instance cache." },

        // The instance-label service.
        new("wds.linkis.instance.label.server.name", Ignored, null) { Reason = "Portico serves the instance-label API itself." },
        new("wds.linkis.instance.label.cache.expire.time-in-seconds", Ignored, null) { Reason = LabelService },
        new("wds.linkis.instance.label.cache.maximum.size", Ignored, null) { Reason = LabelService },
        new("wds.linkis.instance.label.cache.names", Ignored, null) { Reason = LabelService },
        new("wds.linkis.instance.label.persist.batch.size", Ignored, null) { Reason = LabelService },
        new("wds.linkis.instance.label.async.queue.capacity", Ignored, null) { Reason = LabelService },
        new("wds.linkis.instance.label.async.queue.batch.size", Ignored, null) { Reason = LabelService },
        new("wds.linkis.instance.label.async.queue.interval-in-seconds", Ignored, null) { Reason = LabelService },
        new("linkis.discovery.server-address", Ignored, null) { Reason = "Linkis services register with Portico's Eureka-compatible registry; see docs/linkis.md." },

        // The client SDK.
        new("linkis.gateway.enabled.defalut.discovery", Ignored, null) { Reason = ClientSdk },
        new("wds.linkis.httpclient.default.connect.timeOut", Ignored, null) { Reason = ClientSdk },
        new("wds.linkis.httpclient.default.logged_in.str", Ignored, null) { Reason = ClientSdk },
    ];

    /// <summary>
    /// Files Linkis reads from its conf directory when the feature is on and no file is named: a switch key, the file
    /// key, and the default file name.
    /// </summary>
    public static IReadOnlyList<(string SwitchKey, string FileKey, string DefaultName)> ConfFileDefaults { get; } =
    [
        ("wds.linkis.gateway.conf.enable.proxy.user", "wds.linkis.gateway.conf.proxy.user.config", "proxy.properties"),
        ("wds.linkis.enable.gateway.auth", "wds.linkis.gateway.auth.file", "auth.txt"),
    ];

    private static readonly Dictionary<string, LinkisPropertyRule> ByKey = BuildIndex();

    private static readonly LinkisPropertyRule[] Prefixes = [.. Rules.Where(r => r.IsPrefix)];

    /// <summary>The rule for <paramref name="key"/> (exact, case-sensitive as in Java; then by prefix), or null for an unknown key.</summary>
    public static LinkisPropertyRule? Find(string key)
    {
        if (ByKey.TryGetValue(key, out var rule))
        {
            return rule;
        }

        foreach (var prefix in Prefixes)
        {
            if (key.Length > prefix.Key.Length && key.StartsWith(prefix.Key, StringComparison.Ordinal))
            {
                return prefix;
            }
        }

        return null;
    }

    private static Dictionary<string, LinkisPropertyRule> BuildIndex()
    {
        var index = new Dictionary<string, LinkisPropertyRule>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            if (!rule.IsPrefix)
            {
                index.Add(rule.Key, rule);
            }
        }

        return index;
    }
}
