using Portico.FunctionalTests.Infrastructure;

namespace Portico.FunctionalTests.Server;

/// <summary><c>portico --linkis-conf DIR</c> on a real child process: Linkis's own files configure the gateway.</summary>
public sealed class ServerLinkisConfTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("portico-linkis-");

    public void Dispose()
    {
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Conf(string linkis, string gateway)
    {
        var conf = _work.CreateSubdirectory("conf").FullName;
        File.WriteAllText(Path.Combine(conf, "linkis.properties"), linkis);
        File.WriteAllText(Path.Combine(conf, "linkis-mg-gateway.properties"), gateway);
        return conf;
    }

    [Fact]
    public async Task LinkisConf_GatewayKeys_ChangeRoutingAndTheListenPort()
    {
        await using var publicService = await TestUpstream.StartAsync();
        var port = PorticoProcess.FreePort();
        var conf = Conf(
            linkis: """
                # Shared by every Linkis service.
                wds.linkis.crypt.key=functional-test-crypt-key-0001
                wds.linkis.server.mybatis.datasource.url=jdbc:mysql://127.0.0.1:3306/linkis
                linkis.session.redis.cache.enabled=false
                """,
            gateway: $"""
                spring.server.port={port}
                wds.linkis.gateway.conf.publicservice.name=acme-publicservice
                wds.linkis.gateway.conf.url.pass.auth=/dws/,\
                    /api/rest_j/v1/jobhistory/
                """);
        await File.WriteAllTextAsync(Path.Combine(_work.FullName, "portico.yml"), $"""
            portico:
              discovery:
                static:
                  acme-publicservice:
                    - host: 127.0.0.1
                      port: {publicService.Port}
            """);

        await using var portico = await PorticoProcess.StartListeningOnAsync(
            ["--config", "portico.yml", "--linkis-conf", conf], port, workingDirectory: _work.FullName);
        using var client = portico.CreateClient();

        // jobhistory is in the public-service list; the Linkis file renamed the public service, and let its path in anonymously.
        using var response = await client.GetAsync("/api/rest_j/v1/jobhistory/list?pageSize=10");
        var echo = await EchoResponse.ReadAsync(response);
        Assert.Equal("/api/rest_j/v1/jobhistory/list", echo.Path);
        Assert.Equal("?pageSize=10", echo.QueryString);

        Assert.Contains("over the Linkis conf directory " + conf, portico.Output, StringComparison.Ordinal);
        Assert.Contains("Linkis setting linkis.session.redis.cache.enabled", portico.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("functional-test-crypt-key", portico.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkisConf_WithoutConfigFile_ServesTheLinkisRoutesOnly()
    {
        var conf = Conf(linkis: "wds.linkis.crypt.key=functional-test-crypt-key-0001\n", gateway: "wds.linkis.admin.user=admin\n");
        await using var portico = await PorticoProcess.StartListeningAsync(["--linkis-conf", conf], workingDirectory: _work.FullName);
        using var client = portico.CreateClient();

        using var welcome = await client.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, welcome.StatusCode);
        using var routes = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/actuator/gateway/routes"));
        Assert.Equal(["api", "dws", "ws_http", "ws"], routes.RootElement.EnumerateArray().Select(r => r.GetProperty("route_id").GetString()));
        Assert.Contains("from the Linkis conf directory " + conf, portico.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkisConf_MalformedValues_ExitTwoNamingFileLineAndKey()
    {
        var conf = Conf(
            linkis: "wds.linkis.crypt.key=functional-test-crypt-key-0001\n",
            gateway: "# cookies\nwds.linkis.gateway.domain.level=abc\nwds.linkis.server.web.session.timeout=soon\n");

        await using var portico = PorticoProcess.Start(["--linkis-conf", conf], workingDirectory: _work.FullName);

        Assert.Equal(2, await portico.WaitForExitAsync());
        var gatewayFile = Path.Combine(conf, "linkis-mg-gateway.properties");
        Assert.Contains("(2 errors)", portico.Error, StringComparison.Ordinal);
        Assert.Contains($"{gatewayFile} line 2, wds.linkis.gateway.domain.level: 'abc' is not a whole number", portico.Error, StringComparison.Ordinal);
        Assert.Contains($"{gatewayFile} line 3, wds.linkis.server.web.session.timeout: 'soon' is not a time value", portico.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkisConf_MissingDirectory_ExitsTwo()
    {
        var missing = Path.Combine(_work.FullName, "no-such-conf");
        await using var portico = PorticoProcess.Start(["--linkis-conf", missing], workingDirectory: _work.FullName);
        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains($"{missing}: The Linkis conf directory does not exist.", portico.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkisConfWithoutDirectory_ExitsTwoWithUsageHint()
    {
        await using var portico = PorticoProcess.Start(["--linkis-conf"]);
        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains("--linkis-conf needs a directory", portico.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoWithLinkisConf_ExitsTwo()
    {
        await using var portico = PorticoProcess.Start(["--demo", "--linkis-conf=/etc/linkis/conf"], dll: PorticoProcess.DemoDll);
        Assert.Equal(2, await portico.WaitForExitAsync());
        Assert.Contains("cannot be combined with --linkis-conf", portico.Error, StringComparison.Ordinal);
    }
}
