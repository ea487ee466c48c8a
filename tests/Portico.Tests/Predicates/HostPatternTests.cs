using Portico.Predicates;

namespace Portico.Tests.Predicates;

public class HostPatternTests
{
    private static HostPattern Compile(string pattern)
    {
        var compiled = HostPattern.Parse(pattern, out var error);
        Assert.True(compiled is not null, error);
        return compiled;
    }

    [Theory]
    [InlineData("**.somehost.org", "www.somehost.org")]
    [InlineData("**.somehost.org", "a.b.somehost.org")]
    [InlineData("**.somehost.org", "somehost.org")]
    [InlineData("*.somehost.org", "www.somehost.org")]
    [InlineData("api.example.org", "api.example.org")]
    [InlineData("api.example.org", "API.Example.ORG")]
    [InlineData("api.example.org", "api.example.org.")]
    [InlineData("www.**.org", "www.a.b.org")]
    [InlineData("www.**.org", "www.org")]
    [InlineData("**", "anything.at.all")]
    [InlineData("api-?.example.org", "api-1.example.org")]
    [InlineData("api-*.example.org", "api-eu-west.example.org")]
    [InlineData("{sub}.myhost.org", "www.myhost.org")]
    [InlineData("{sub:[a-z]+}.myhost.org", "www.myhost.org")]
    [InlineData("**.somehost.org:*", "www.somehost.org:8080")]
    [InlineData("localhost:8080", "localhost:8080")]
    public void Matches_AntSemantics_Matches(string pattern, string host)
    {
        Assert.True(Compile(pattern).Matches(host), $"{pattern} should match {host}");
    }

    [Theory]
    [InlineData("**.somehost.org", "www.somehost.org:8080")]
    [InlineData("**.somehost.org", "www.somehost.com")]
    [InlineData("**.somehost.org", "www.notsomehost.org")]
    [InlineData("*.somehost.org", "a.b.somehost.org")]
    [InlineData("*.somehost.org", "somehost.org")]
    [InlineData("api.example.org", "api.example.org.evil.com")]
    [InlineData("api.example.org", "xapi.example.org")]
    [InlineData("www.**.org", "www.a.b.com")]
    [InlineData("api-?.example.org", "api-12.example.org")]
    [InlineData("{sub}.myhost.org", "myhost.org")]
    [InlineData("{sub}.myhost.org", "a.b.myhost.org")]
    [InlineData("{sub:[a-z]+}.myhost.org", "w3.myhost.org")]
    public void Matches_AntSemantics_DoesNotMatch(string pattern, string host)
    {
        Assert.False(Compile(pattern).Matches(host), $"{pattern} should not match {host}");
    }

    [Fact]
    public void ExtractVariables_Subdomain_KeepsCaseAsSent()
    {
        var pattern = Compile("{sub}.myhost.org");
        var variables = new Dictionary<string, string>();
        Assert.True(pattern.Matches("Shop.MyHost.org"));
        pattern.ExtractVariables("Shop.MyHost.org", variables);
        Assert.Equal("Shop", variables["sub"]);
    }

    [Fact]
    public void ExtractVariables_AfterDoubleStar_TakesTheMatchingAlignment()
    {
        var pattern = Compile("**.{region}.{service}.example.org");
        var variables = new Dictionary<string, string>();
        const string host = "a.b.eu.orders.example.org";
        Assert.True(pattern.Matches(host));
        pattern.ExtractVariables(host, variables);
        Assert.Equal("eu", variables["region"]);
        Assert.Equal("orders", variables["service"]);
    }

    [Fact]
    public void ExtractVariables_MixedLabel_CapturesPart()
    {
        var pattern = Compile("api-{env}.example.org");
        var variables = new Dictionary<string, string>();
        Assert.True(pattern.Matches("api-staging.example.org"));
        pattern.ExtractVariables("api-staging.example.org", variables);
        Assert.Equal("staging", variables["env"]);
    }

    [Theory]
    [InlineData("...", "no host labels")]
    [InlineData("{a}.{a}.org", "captured twice")]
    [InlineData("{sub.example.org", "matching '}'")]
    [InlineData("{sub:(}.example.org", "invalid")]
    public void Parse_InvalidPattern_ReportsWhy(string pattern, string expected)
    {
        Assert.Null(HostPattern.Parse(pattern, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_DoesNotAllocate()
    {
        var patterns = new[] { Compile("**.somehost.org"), Compile("api-*.example.org"), Compile("{sub}.myhost.org") };
        var before = GC.GetAllocatedBytesForCurrentThread();
        var hits = 0;
        for (var i = 0; i < 1000; i++)
        {
            foreach (var p in patterns)
            {
                hits += p.Matches("www.myhost.org") ? 1 : 0;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, hits);
    }
}
