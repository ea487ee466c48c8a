using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Portico.Configuration;
using Portico.Configuration.LinkisProperties;
using Portico.Tests.Observability;

namespace Portico.Tests.Configuration.LinkisProperties;

public sealed class LinkisPropertiesStartupLogTests : IDisposable
{
    private readonly DirectoryInfo _conf = Directory.CreateTempSubdirectory("portico-linkis-log-");

    public void Dispose() => _conf.Delete(recursive: true);

    [Fact]
    public async Task StartAsync_IgnoredKeysAtInformationUnknownKeysAtDebugAndNoSecrets()
    {
        var gatewayFile = Path.Combine(_conf.FullName, LinkisPropertiesConfigurationProvider.GatewayFile);
        await File.WriteAllTextAsync(gatewayFile, """
            wds.linkis.crypt.key=do-not-log-this-crypt-key
            wds.linkis.admin.password=do-not-log-this-password
            linkis.session.redis.password=do-not-log-this-either
            wds.linkis.server.mybatis.datasource.username=linkis
            """);
        var configuration = new ConfigurationBuilder().AddLinkisProperties(_conf.FullName, reloadOnChange: false).Build();
        using var capture = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));

        await new LinkisPropertiesStartupLog(configuration, factory.CreateLogger<LinkisPropertiesStartupLog>()).StartAsync(CancellationToken.None);

        var entries = capture.Entries.ToList();
        Assert.Equal(3, entries.Count);
        Assert.Equal(LogLevel.Information, entries[0].Level);
        Assert.Equal($"Took 2 Linkis settings from {gatewayFile}", entries[0].Message);
        Assert.Equal(LogLevel.Information, entries[1].Level);
        Assert.StartsWith($"Linkis setting linkis.session.redis.password ({gatewayFile} line 3) is not used by Portico: ", entries[1].Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Debug, entries[2].Level);
        Assert.Contains("wds.linkis.server.mybatis.datasource.username", entries[2].Message, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.DoesNotContain("do-not-log", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_WithoutLinkisSource_LogsNothing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Portico:linkis:enabled", "true")]).Build();
        using var capture = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));

        await new LinkisPropertiesStartupLog(configuration, factory.CreateLogger<LinkisPropertiesStartupLog>()).StartAsync(CancellationToken.None);

        Assert.Empty(capture.Entries);
    }
}
