using Microsoft.Extensions.Logging.Abstractions;
using Portico.Security.Linkis;
using Portico.Security.Linkis.ProxyUsers;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security.Linkis.ProxyUsers;

public sealed class ProxyUserMapTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ProxyUserMap Create(bool enabled = true) =>
        new(new TestSecuritySettings(new LinkisSecurityConfig { ProxyUser = new ProxyUserConfig { Enabled = enabled, File = _dir.File("proxy.properties") } }), NullLogger<ProxyUserMap>.Instance);

    [Fact]
    public void MapLogin_MappedUser_ReturnsProxyUser()
    {
        File.WriteAllText(_dir.File("proxy.properties"), "# logins\nalice=etl_user\nbob = \n");
        using var map = Create();

        Assert.Equal("etl_user", map.MapLogin("alice"));
        Assert.Equal("bob", map.MapLogin("bob"));
        Assert.Equal("carol", map.MapLogin("carol"));
    }

    [Fact]
    public void MapLogin_Disabled_ReturnsUserItself()
    {
        File.WriteAllText(_dir.File("proxy.properties"), "alice=etl_user\n");
        using var map = Create(enabled: false);

        Assert.False(map.Enabled);
        Assert.Equal("alice", map.MapLogin("alice"));
        Assert.False(map.IsAllowedProxy("alice", "etl_user"));
    }

    [Theory]
    [InlineData("code-1", "hive", true)]
    [InlineData("code-1", "spark", true)]
    [InlineData("code-1", "presto", false)]
    [InlineData("code-any", "whoever", true)]
    [InlineData("unknown", "hive", false)]
    [InlineData(null, "hive", false)]
    [InlineData("code-1", null, false)]
    public void IsAllowedProxy_FollowsValidationCodeList(string? code, string? user, bool allowed)
    {
        File.WriteAllText(_dir.File("proxy.properties"), "code-1=hive, spark\ncode-any=*\n");
        using var map = Create();

        Assert.Equal(allowed, map.IsAllowedProxy(code, user));
    }

    [Fact]
    public async Task Entries_FileEdited_ReplacedWithoutRestart()
    {
        var path = _dir.File("proxy.properties");
        File.WriteAllText(path, "alice=etl_user\n");
        using var map = Create();
        Assert.Equal("etl_user", map.MapLogin("alice"));

        await TempDirectory.ReplaceAsync(path, "bob=ops\n");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (map.MapLogin("bob") != "ops")
        {
            await Task.Delay(50, cts.Token);
        }

        // Unlike Linkis, a removed line stops working.
        Assert.Equal("alice", map.MapLogin("alice"));
    }

    [Fact]
    public void Entries_MissingFile_IsEmpty()
    {
        using var map = Create();

        Assert.Empty(map.Entries);
        Assert.Equal("alice", map.MapLogin("alice"));
    }
}
