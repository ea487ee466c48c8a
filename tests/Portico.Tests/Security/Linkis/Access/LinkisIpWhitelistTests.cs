using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Access;
using Portico.Tests.Observability;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security.Linkis.Access;

public class LinkisIpWhitelistTests
{
    [Fact]
    public void Parse_LinesCommentsAndRanges()
    {
        var list = LinkisIpWhitelist.Parse("# gateways\n10.0.0.1\n\n  192.168.0.0/16  # office\r\n2001:db8::/32\n");

        Assert.Equal(["10.0.0.1", "192.168.0.0/16", "2001:db8::/32"], list.Texts);
        Assert.True(list.Contains(IPAddress.Parse("192.168.4.4")));
        Assert.False(list.Contains(IPAddress.Parse("10.0.0.2")));
    }

    [Fact]
    public void Parse_BadLine_NamesTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => LinkisIpWhitelist.Parse("10.0.0.1\n\n10.0.0.300\n"));

        Assert.Equal("line 3: '10.0.0.300' is not an IP address or CIDR range.", ex.Message);
    }

    [Fact]
    public async Task Contains_FollowsFileEdits_RemovedLinesStopAtOnce()
    {
        using var dir = new TempDirectory();
        var file = dir.File("auth.txt");
        await File.WriteAllTextAsync(file, "10.0.0.1\n10.0.0.2\n");
        var policy = Policy(file);
        using var whitelist = new LinkisIpWhitelist(NullLogger<LinkisIpWhitelist>.Instance);
        Assert.True(whitelist.Contains(policy, IPAddress.Parse("10.0.0.2")));

        await TempDirectory.ReplaceAsync(file, "10.0.0.1\n");

        Assert.True(await Eventually(() => !whitelist.Contains(policy, IPAddress.Parse("10.0.0.2"))));
        Assert.True(whitelist.Contains(policy, IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public async Task Contains_BadEdit_KeepsTheLastGoodList()
    {
        using var dir = new TempDirectory();
        var file = dir.File("auth.txt");
        await File.WriteAllTextAsync(file, "10.0.0.1\n");
        var policy = Policy(file);
        using var logs = new CapturingLoggerProvider();
        using var whitelist = new LinkisIpWhitelist(new Logger<LinkisIpWhitelist>(new LoggerFactory([logs])));
        Assert.True(whitelist.Contains(policy, IPAddress.Parse("10.0.0.1")));

        await TempDirectory.ReplaceAsync(file, "10.0.0.1\nnot-an-address\n10.0.0.9\n");

        Assert.True(await Eventually(() => logs.Entries.Any(e => e.Message.Contains("line 2: 'not-an-address'", StringComparison.Ordinal))));

        Assert.True(whitelist.Contains(policy, IPAddress.Parse("10.0.0.1")));
        Assert.False(whitelist.Contains(policy, IPAddress.Parse("10.0.0.9")));
    }

    [Fact]
    public void Contains_MissingFile_OnlyConfiguredAddresses()
    {
        using var dir = new TempDirectory();
        var policy = LinkisAccessPolicy.Compile(
            new LinkisSecurityConfig { Access = new() { IpWhitelist = new() { Enabled = true, File = dir.File("missing.txt"), Addresses = ["10.0.0.0/8"] } } },
            dir.Path);
        using var whitelist = new LinkisIpWhitelist(NullLogger<LinkisIpWhitelist>.Instance);

        Assert.True(whitelist.Contains(policy, IPAddress.Parse("10.1.1.1")));
        Assert.False(whitelist.Contains(policy, IPAddress.Parse("192.168.1.1")));
    }

    private static LinkisAccessPolicy Policy(string file) =>
        LinkisAccessPolicy.Compile(new LinkisSecurityConfig { Access = new() { IpWhitelist = new() { Enabled = true, File = file } } }, Path.GetTempPath());

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition();
    }
}
