using Microsoft.Extensions.Configuration;
using Portico.Configuration;
using Portico.Configuration.LinkisProperties;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Configuration.LinkisProperties;

/// <summary>Linkis conf directories read through <see cref="LinkisPropertiesConfigurationExtensions.AddLinkisProperties"/> and the gateway's config reader.</summary>
public sealed class LinkisPropertiesMappingTests : IDisposable
{
    private const string CryptKey = "wds.linkis.crypt.key=0123456789abcdef-test\n";
    private readonly DirectoryInfo _conf = Directory.CreateTempSubdirectory("portico-linkis-conf-");

    public void Dispose() => _conf.Delete(recursive: true);

    private string CommonFile => Path.Combine(_conf.FullName, LinkisPropertiesConfigurationProvider.CommonFile);

    private string GatewayFile => Path.Combine(_conf.FullName, LinkisPropertiesConfigurationProvider.GatewayFile);

    private PorticoConfig Read(List<ConfigError> errors, string? yaml = null)
    {
        var builder = new ConfigurationBuilder().AddLinkisProperties(_conf.FullName, reloadOnChange: false);
        if (yaml is not null)
        {
            builder.AddConfiguration(ConfigText.Yaml(yaml));
        }

        return PorticoConfigReader.Read(builder.Build(), errors, LinkisModule.ConfigSections);
    }

    private PorticoConfig ReadValid(string? yaml = null)
    {
        var errors = new List<ConfigError>();
        var config = Read(errors, yaml);
        Assert.Empty(errors);
        return config;
    }

    [Fact]
    public void Read_EveryMappedKey_SetsItsPorticoSetting()
    {
        File.WriteAllText(GatewayFile, """
            wds.linkis.gateway.conf.enable.proxy.user=true
            wds.linkis.gateway.conf.proxy.user.config=users/proxy.properties
            wds.linkis.gateway.conf.enable.token.auth=true
            wds.linkis.gateway.auth.token.alive.enable=true
            wds.linkis.gateway.conf.enable.oauth.auth=true
            wds.linkis.gateway.auth.oauth.authentication.url=https://github.com/login/oauth/authorize
            wds.linkis.gateway.auth.oauth.exchange.url=https://github.com/login/oauth/access_token
            wds.linkis.gateway.auth.oauth.validate.url=https://api.github.com/user
            wds.linkis.gateway.auth.oauth.validate.field=login
            wds.linkis.gateway.auth.oauth.client.id=client-1
            wds.linkis.gateway.auth.oauth.client.secret=secret-1
            wds.linkis.gateway.auth.oauth.scope=user
            wds.linkis.gateway.conf.url.pass.auth=/dws/, /dss/
            wds.linkis.gateway.conf.enable.sso=true
            wds.linkis.admin.user=root
            wds.linkis.admin.password=p@ss word
            wds.linkis.login_encrypt.enable=true
            wds.linkis.entrance.name=my-entrance
            wds.linkis.engineconnmanager.name=my-ecm
            wds.linkis.enable.gateway.auth=true
            wds.linkis.gateway.auth.file=/srv/linkis/auth.txt
            wds.linkis.gateway.server.reflesh.enabled=true
            wds.linkis.gateway.header.allow.origin=https://console.example.com
            wds.linkis.gateway.header.allow.methods=POST, GET, OPTIONS
            wds.linkis.gateway.domain.level=2
            wds.linkis.gateway.cookie.domain.setup.switch=true
            wds.linkis.gateway.no.auth.url.regex=.*share.*
            wds.linkis.gateway.this.url=http://gateway.example.com:9001
            wds.linkis.gateway.this.schema=https
            wds.linkis.web.enable.water.mark=false
            linkis.web.result.set.export.enable=false
            linkis.cluster.name=bj-prod
            linkis.engine.log.only.admin=true
            linkis.client.access.control.enable=true
            linkis.client.access.control.ip=10.0.0.5
            linkis.client.access.control.url=/api/rest_j/v1/entrance
            linkis.client.access.control.user.enable=true
            linkis.client.access.control.user.alice=10.0.0.7,10.0.0.8
            linkis.client.access.control.user.bob=10.0.0.9
            linkis.system.user.prohibit.login.switch=true
            linkis.system.user.prohibit.login.prefix=hduser,ops
            wds.linkis.gateway.max.buffer.size=64m
            wds.linkis.gateway.conf.max.frame.length=1m
            wds.linkis.server.socket.text.message.size.max=2097152
            wds.linkis.gateway.websocket.heartbeat=10s
            wds.linkis.server.version=v2
            wds.linkis.server.restful.uri=/api/rest_j/v2
            wds.linkis.server.user.restful.uri=/api/rest_j/v2/user
            wds.linkis.server.socket.uri=/wsx
            wds.linkis.server.web.session.timeout=1h
            wds.linkis.session.ticket.key=my_ticket
            wds.linkis.session.proxy.user.ticket.key=my_proxy_ticket
            wds.linkis.ticket.header=xyz_
            wds.linkis.crypt.key=0123456789abcdef-all
            linkis.crypt.key.allow.insecure=true
            linkis.ticket.cipher.v2.enabled=true
            linkis.username.suffix.enable=false
            wds.linkis.server.security.ssl=true
            wds.linkis.server.security.referer.validate=true
            wds.linkis.server.address=console.example.com
            wds.linkis.test.mode=true
            wds.linkis.test.user=tester
            wds.linkis.ldap.proxy.url=ldap://ldap.example.com:389
            wds.linkis.ldap.proxy.baseDN=dc=example,dc=com
            wds.linkis.ldap.proxy.userNameFormat=uid=%s,ou=people,dc=example,dc=com
            wds.linkis.gateway.conf.enable.publicservice=false
            wds.linkis.gateway.conf.publicservice.name=my-ps
            wds.linkis.gateway.conf.publicservice.list=query,jobhistory
            linkis.gateway.conf.linkisdatasource.name=my-ds
            linkis.gateway.conf.linkisdatasource.list=datasource
            wds.linkis.gateway.conf.linkismanager.name=my-manager
            wds.linkis.gateway.conf.linkismanager.list=linkisManager
            wds.linkis.gateway.conf.contextservice.name=my-cs
            linkis.rpc.client.refresh.wait.time.max=45s
            spring.spring.application.name=my-gateway
            """);

        var config = ReadValid();

        var linkis = config.Linkis;
        Assert.True(linkis.Enabled);
        Assert.Equal("my-entrance", linkis.EntranceName);
        Assert.Equal("my-ecm", linkis.EngineConnManagerName);
        Assert.True(linkis.RegistryRefreshEnabled);
        Assert.Equal(TimeSpan.FromSeconds(45), linkis.RegistryRefreshWait);
        Assert.Equal("http://gateway.example.com:9001", linkis.ThisUrl);
        Assert.Equal("https", linkis.ThisSchema);
        Assert.Equal(64L * 1024 * 1024, linkis.MaxBufferSize);
        Assert.Equal("v2", linkis.ServerVersion);
        Assert.Equal("/api/rest_j/v2", linkis.RestPrefix);
        Assert.Equal("/api/rest_j/v2/user", linkis.UserUri);
        Assert.Equal("/wsx", linkis.SocketUri);
        Assert.False(linkis.PublicServiceEnabled);
        Assert.Equal("my-ps", linkis.PublicServiceName);
        Assert.Equal(["query", "jobhistory"], linkis.PublicServiceList);
        Assert.Equal("my-ds", linkis.DataSourceName);
        Assert.Equal(["datasource"], linkis.DataSourceList);
        Assert.Equal("my-manager", linkis.ManagerName);
        Assert.Equal(["linkisManager"], linkis.ManagerList);
        Assert.Equal("my-cs", linkis.ContextServiceName);
        Assert.Equal("my-gateway", linkis.GatewayApplication);

        var security = config.LinkisSecurity;
        Assert.True(security.Enabled);
        Assert.True(security.ProxyUser.Enabled);
        Assert.Equal(Path.Combine(_conf.FullName, "users", "proxy.properties"), security.ProxyUser.File);
        Assert.Equal("root", security.AdminUser);
        Assert.Equal("p@ss word", security.AdminPassword);
        Assert.Equal(TimeSpan.FromHours(1), security.SessionTimeout);
        Assert.Equal("xyz_", security.TicketHeader);
        Assert.Equal("0123456789abcdef-all", security.CryptKey);
        Assert.True(security.AllowInsecureCryptKey);
        Assert.False(security.EnableWatermark);
        Assert.True(security.ProhibitSystemUserLogin);
        Assert.Equal(["hduser", "ops"], security.SystemUserPrefixes);
        Assert.Equal("ldap://ldap.example.com:389", security.Ldap.Url);
        Assert.Equal("dc=example,dc=com", security.Ldap.BaseDn);
        Assert.Equal("uid=%s,ou=people,dc=example,dc=com", security.Ldap.UserNameFormat);

        Assert.Equal("my_ticket", security.Cookie.Name);
        Assert.Equal("my_proxy_ticket", security.Cookie.ProxyName);
        Assert.True(security.Cookie.Secure);
        Assert.True(security.Cookie.DomainSetup);
        Assert.Equal(2, security.Cookie.DomainLevel);

        var access = security.Access;
        Assert.Equal(["/dws/", "/dss/"], access.PassAuthPrefixes);
        Assert.Equal(".*share.*", access.NoAuthPattern);
        Assert.True(access.TestMode);
        Assert.Equal("tester", access.TestUser);
        Assert.True(access.IpWhitelist.Enabled);
        Assert.Equal("/srv/linkis/auth.txt", access.IpWhitelist.File);
        Assert.True(access.Referer.Validate);
        Assert.Equal(["console.example.com"], access.Referer.AllowedHosts);
        Assert.True(access.AccessControl.Enabled);
        Assert.Equal("10.0.0.5", access.AccessControl.Ips);
        Assert.Equal("/api/rest_j/v1/entrance", access.AccessControl.Urls);
        Assert.True(access.AccessControl.UserEnabled);
        Assert.Equal(2, access.AccessControl.Users.Count);
        Assert.Equal("10.0.0.7,10.0.0.8", access.AccessControl.Users["alice"]);
        Assert.Equal("10.0.0.9", access.AccessControl.Users["bob"]);

        Assert.True(security.Tokens.Enabled);
        Assert.True(security.Tokens.AliveEnabled);

        var users = security.UserEndpoints;
        Assert.True(users.LoginEncrypt);
        Assert.True(users.SsoEnabled);
        Assert.False(users.ResultSetExportEnabled);
        Assert.Equal("bj-prod", users.ClusterName);
        Assert.True(users.EngineLogOnlyAdmin);
        Assert.True(users.OAuth.Enabled);
        Assert.Equal("https://github.com/login/oauth/authorize", users.OAuth.AuthenticationUrl);
        Assert.Equal("https://github.com/login/oauth/access_token", users.OAuth.ExchangeUrl);
        Assert.Equal("https://api.github.com/user", users.OAuth.ValidateUrl);
        Assert.Equal("login", users.OAuth.ValidateField);
        Assert.Equal("client-1", users.OAuth.ClientId);
        Assert.Equal("secret-1", users.OAuth.ClientSecret);
        Assert.Equal("user", users.OAuth.Scope);

        Assert.Equal(["https://console.example.com"], access.Cors.AllowedOrigins);
        Assert.Equal(["POST", "GET", "OPTIONS"], access.Cors.AllowedMethods);
        Assert.Equal(["authorization", "Content-Type"], access.Cors.AllowedHeaders);

        Assert.Equal(1024 * 1024, linkis.WebSocketMaxFrameLength);
        Assert.Equal(2 * 1024 * 1024, linkis.WebSocketMaxMessageSize);
        Assert.Equal(TimeSpan.FromSeconds(10), linkis.WebSocketHeartbeat);
    }

    [Fact]
    public void Read_FilesAsLinkisShipsThem_LoadWithoutErrors()
    {
        // The keys of the files in linkis-dist/package/conf, with a crypt key added as recent Linkis versions require.
        File.WriteAllText(CommonFile, """
            ##enable wds.linkis.test.mode where use knife4j
            #wds.linkis.test.mode=true

            wds.linkis.server.version=v1
            wds.linkis.crypt.key=shipped-files-test-crypt-key
            ##spring conf
            wds.linkis.gateway.url=http://127.0.0.1:9001
            wds.linkis.eureka.defaultZone=http://127.0.0.1:20303/eureka/
            ##mybatis
            wds.linkis.server.mybatis.datasource.url=
            wds.linkis.server.mybatis.datasource.username=
            wds.linkis.home=/appcom/Install/LinkisInstall
            wds.linkis.governance.station.admin=hadoop
            wds.linkis.gateway.conf.publicservice.list=query,jobhistory,application,configuration,filesystem,udf,variable,microservice,errorcode,bml,datasource
            wds.linkis.server.user.restful.uri.pass.auth=/actuator/prometheus,/api/rest_j/v1/offline
            wds.linkis.gateway.conf.metadataquery.list=metadatamanager,metadataquery
            spring.spring.servlet.multipart.max-file-size=500MB
            spring.spring.cloud.config.enabled=false
            """);
        File.WriteAllText(GatewayFile, """
            #
            #wds.linkis.server.restful.uri=/
            wds.linkis.server.web.session.timeout=1h
            wds.linkis.gateway.conf.enable.proxy.user=false
            wds.linkis.gateway.conf.url.pass.auth=/dss/
            wds.linkis.gateway.conf.enable.token.auth=true
            wds.linkis.is.gateway=true
            wds.linkis.server.mybatis.mapperLocations=classpath*:mapper/common/*.xml,classpath*:mapper/mysql/*.xml
            wds.linkis.login_encrypt.enable=false
            ##LDAP
            wds.linkis.ldap.proxy.url=
            wds.linkis.ldap.proxy.baseDN=
            #wds.linkis.ldap.proxy.userNameFormat=cn=%s@xxx.com,OU=xxx,DC=xxx,DC=com
            wds.linkis.admin.user=hadoop
            #wds.linkis.admin.password=
            ##Spring
            spring.server.port=9001

            spring.eureka.instance.metadata-map.linkis.conf.version=v1
            """);
        var configuration = new ConfigurationBuilder().AddLinkisProperties(_conf.FullName, reloadOnChange: false).Build();
        var errors = new List<ConfigError>();
        var config = PorticoConfigReader.Read(configuration, errors, LinkisModule.ConfigSections);

        Assert.Empty(errors);
        Assert.Equal("http://*:9001", configuration["urls"]);
        Assert.Equal(TimeSpan.FromHours(1), config.LinkisSecurity.SessionTimeout);
        Assert.Equal(["/dss/"], config.LinkisSecurity.Access.PassAuthPrefixes);
        Assert.True(config.LinkisSecurity.Tokens.Enabled);
        Assert.False(config.LinkisSecurity.ProxyUser.Enabled);
        Assert.Equal("", config.LinkisSecurity.Ldap.Url);
        Assert.Equal(11, config.Linkis.PublicServiceList.Count);
    }

    [Fact]
    public void Read_SpringServerPort_BecomesTheListenUrl()
    {
        File.WriteAllText(GatewayFile, CryptKey + "spring.server.port=9001\n");
        var configuration = new ConfigurationBuilder().AddLinkisProperties(_conf.FullName, reloadOnChange: false).Build();
        Assert.Equal("http://*:9001", configuration["urls"]);
    }

    [Fact]
    public void Read_NoFiles_KeepsLinkisModeOffAndReportsTheDirectory()
    {
        var errors = new List<ConfigError>();
        var config = Read(errors);
        var error = Assert.Single(errors);
        Assert.Equal(_conf.FullName, error.Field);
        Assert.Contains("holds neither linkis.properties nor linkis-mg-gateway.properties", error.Problem, StringComparison.Ordinal);
        Assert.False(config.Linkis.Enabled);
    }

    [Fact]
    public void Read_MissingDirectory_IsAConfigError()
    {
        var errors = new List<ConfigError>();
        var missing = Path.Combine(_conf.FullName, "nope");
        var config = PorticoConfigReader.Read(new ConfigurationBuilder().AddLinkisProperties(missing, reloadOnChange: false).Build(), errors, LinkisModule.ConfigSections);
        Assert.Equal("The Linkis conf directory does not exist.", Assert.Single(errors).Problem);
        Assert.False(config.LinkisSecurity.Enabled);
    }

    [Fact]
    public void Read_EitherFileAlone_SwitchesLinkisModeAndSecurityOn()
    {
        File.WriteAllText(CommonFile, CryptKey);
        var config = ReadValid();
        Assert.True(config.Linkis.Enabled);
        Assert.True(config.LinkisSecurity.Enabled);
        Assert.Contains(config.Routes, r => r.Id == "api");
    }

    [Fact]
    public void Read_GatewayFile_OverridesTheCommonFile()
    {
        File.WriteAllText(CommonFile, CryptKey + "wds.linkis.admin.user=from-common\nwds.linkis.entrance.name=common-entrance\n");
        File.WriteAllText(GatewayFile, "wds.linkis.admin.user=from-gateway\n");
        var config = ReadValid();
        Assert.Equal("from-gateway", config.LinkisSecurity.AdminUser);
        Assert.Equal("common-entrance", config.Linkis.EntranceName);
    }

    [Fact]
    public void Read_PorticoKeys_OverrideLinkisValues()
    {
        File.WriteAllText(GatewayFile, CryptKey + """
            wds.linkis.gateway.conf.publicservice.name=linkis-name
            wds.linkis.gateway.conf.url.pass.auth=/dws/,/dss/,/x/
            linkis.client.access.control.user.alice=10.0.0.1
            linkis.client.access.control.user.bob=10.0.0.2
            """);
        var config = ReadValid("""
            portico:
              linkis:
                public-service-name: portico-name
              linkis-security:
                enabled: false
                access:
                  pass-auth-prefixes: [ /only/ ]
                  access-control:
                    users:
                      bob: 10.9.9.9
            """);
        Assert.Equal("portico-name", config.Linkis.PublicServiceName);
        Assert.True(config.Linkis.Enabled);
        Assert.False(config.LinkisSecurity.Enabled);
        Assert.Equal(["/only/"], config.LinkisSecurity.Access.PassAuthPrefixes);
        Assert.Equal("10.0.0.1", config.LinkisSecurity.Access.AccessControl.Users["alice"]);
        Assert.Equal("10.9.9.9", config.LinkisSecurity.Access.AccessControl.Users["bob"]);
    }

    [Fact]
    public void Read_EmptyValue_LeavesTheDefault()
    {
        // Linkis treats an empty value as unset and uses the key's default.
        File.WriteAllText(GatewayFile, CryptKey + "wds.linkis.gateway.conf.url.pass.auth=\nwds.linkis.admin.user=\n");
        var config = ReadValid();
        Assert.Equal(["/dws/"], config.LinkisSecurity.Access.PassAuthPrefixes);
        Assert.Equal("hadoop", config.LinkisSecurity.AdminUser);
    }

    [Fact]
    public void Read_MalformedValues_AreAllReportedWithFileLineAndKey()
    {
        File.WriteAllText(CommonFile, CryptKey + "\n# session\nwds.linkis.server.web.session.timeout=2 hours\n");
        File.WriteAllText(GatewayFile, """
            wds.linkis.gateway.domain.level=three
            wds.linkis.gateway.conf.enable.token.auth=yes
            linkis.ticket.cipher.v2.enabled=false
            """);
        var errors = new List<ConfigError>();
        Read(errors);

        Assert.Equal(4, errors.Count);
        Assert.Equal($"{CommonFile} line 4, wds.linkis.server.web.session.timeout", errors[0].Field);
        Assert.Equal("'2 hours' is not a time value (it sets portico.linkis-security.session-timeout).", errors[0].Problem);
        Assert.Equal($"{GatewayFile} line 1, wds.linkis.gateway.domain.level", errors[1].Field);
        Assert.Equal("'three' is not a whole number (it sets portico.linkis-security.cookie.domain-level).", errors[1].Problem);
        Assert.Equal("Write a whole number from 1 to 127.", errors[1].Fix);
        Assert.Equal($"{GatewayFile} line 2, wds.linkis.gateway.conf.enable.token.auth", errors[2].Field);
        Assert.Equal($"{GatewayFile} line 3, linkis.ticket.cipher.v2.enabled", errors[3].Field);
        Assert.Contains("only the AES-GCM (v2) session tickets", errors[3].Fix, StringComparison.Ordinal);
        Assert.Contains("wds.linkis.gateway.domain.level: 'three' is not a whole number", errors[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MalformedEscape_IsReportedWithFileAndLine()
    {
        File.WriteAllText(GatewayFile, CryptKey + "wds.linkis.admin.password=\\u00zz\n");
        var errors = new List<ConfigError>();
        var config = Read(errors);
        var error = Assert.Single(errors);
        Assert.Equal($"{GatewayFile} line 2", error.Field);
        Assert.Contains("The value of 'wds.linkis.admin.password' has a malformed \\uXXXX escape", error.Problem, StringComparison.Ordinal);
        Assert.Null(config.LinkisSecurity.AdminPassword);
    }

    [Fact]
    public void Read_MalformedValue_DoesNotAlsoProduceABinderError()
    {
        File.WriteAllText(GatewayFile, CryptKey + "wds.linkis.gateway.max.buffer.size=lots\n");
        var errors = new List<ConfigError>();
        Read(errors);
        Assert.StartsWith(GatewayFile, Assert.Single(errors).Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefreshWaitFallbackKey_IsUsedOnlyWithoutThePrimaryKey()
    {
        File.WriteAllText(GatewayFile, CryptKey + "wds.linkis.rpc.eureka.client.refresh.wait.time.max=10s\n");
        Assert.Equal(TimeSpan.FromSeconds(10), ReadValid().Linkis.RegistryRefreshWait);

        File.WriteAllText(GatewayFile, CryptKey + "wds.linkis.rpc.eureka.client.refresh.wait.time.max=10s\nlinkis.rpc.client.refresh.wait.time.max=20s\n");
        Assert.Equal(TimeSpan.FromSeconds(20), ReadValid().Linkis.RegistryRefreshWait);
    }

    [Fact]
    public void Read_SwitchWithoutFileKey_UsesTheFileInTheConfDirectory()
    {
        File.WriteAllText(GatewayFile, CryptKey + "wds.linkis.gateway.conf.enable.proxy.user=true\nwds.linkis.enable.gateway.auth=true\n");
        var config = ReadValid();
        Assert.Equal(Path.Combine(_conf.FullName, "proxy.properties"), config.LinkisSecurity.ProxyUser.File);
        Assert.Equal(Path.Combine(_conf.FullName, "auth.txt"), config.LinkisSecurity.Access.IpWhitelist.File);
    }

    [Fact]
    public void Read_IgnoredAndUnknownKeys_AreReportedNotMapped()
    {
        File.WriteAllText(GatewayFile, CryptKey + """
            linkis.session.redis.cache.enabled=true
            wds.linkis.server.mybatis.datasource.url=jdbc:mysql://db:3306/linkis
            wds.linkis.gateway.usercontrol_switch_on=true
            """);
        var result = LinkisPropertiesConfigurationProvider.Read(_conf.FullName);
        Assert.Empty(result.Errors);
        Assert.Equal(1, result.Report.MappedCount);
        Assert.Equal(["linkis.session.redis.cache.enabled", "wds.linkis.gateway.usercontrol_switch_on"], result.Report.Ignored.Select(n => n.Key));
        Assert.All(result.Report.Ignored, n => Assert.False(string.IsNullOrWhiteSpace(n.Reason)));
        var unknown = Assert.Single(result.Report.Unknown);
        Assert.Equal(("wds.linkis.server.mybatis.datasource.url", 3), (unknown.Key, unknown.Line));
        Assert.DoesNotContain(result.Data.Values, v => v is not null && v.Contains("jdbc", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_UserNameWithColon_IsRefused()
    {
        File.WriteAllText(GatewayFile, CryptKey + "linkis.client.access.control.user.a\\:b=10.0.0.1\n");
        var errors = new List<ConfigError>();
        Read(errors);
        Assert.Contains("'a:b' contains ':'", Assert.Single(errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Utf8FileWithChineseComments_ReadsNonAsciiValues()
    {
        File.WriteAllText(GatewayFile, CryptKey + "# 集群名称\nlinkis.cluster.name=北京集群\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal("北京集群", ReadValid().LinkisSecurity.UserEndpoints.ClusterName);
    }

    [Fact]
    public void Provider_ExposesItsErrorsThroughAChainedConfiguration()
    {
        File.WriteAllText(GatewayFile, CryptKey + "wds.linkis.gateway.domain.level=x\n");
        var inner = new ConfigurationBuilder().AddLinkisProperties(_conf.FullName, reloadOnChange: false).Build();
        var outer = new ConfigurationBuilder().AddConfiguration(inner).Build();
        var errors = new List<ConfigError>();
        PorticoConfigReader.Read(outer, errors, LinkisModule.ConfigSections);
        Assert.Contains("wds.linkis.gateway.domain.level", Assert.Single(errors).Field, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_FileEdited_ReloadsWithTheNewValue()
    {
        File.WriteAllText(GatewayFile, CryptKey + "wds.linkis.admin.user=before\n");
        var root = new ConfigurationBuilder()
            .Add(new LinkisPropertiesConfigurationSource { Directory = _conf.FullName, ReloadDelay = TimeSpan.FromMilliseconds(10) })
            .Build();
        using var disposeRoot = (IDisposable)root;
        Assert.Equal("before", root["Portico:linkis-security:admin-user"]);

        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = root.GetReloadToken().RegisterChangeCallback(_ => reloaded.TrySetResult(), null);
        await File.WriteAllTextAsync(GatewayFile, CryptKey + "wds.linkis.admin.user=after\n");
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("after", root["Portico:linkis-security:admin-user"]);
    }
}
