using Portico.Configuration;
using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class PathRoutePredicateFactoryTests
{
    private readonly PathRoutePredicateFactory _factory = new();

    [Fact]
    public void Shortcut_IsGatherListTailFlag_PatternsThenMatchTrailingSlash()
    {
        Assert.Equal("Path", _factory.Name);
        Assert.Equal(ShortcutType.GatherListTailFlag, _factory.Shortcut.Type);
        Assert.Equal(["patterns", "matchTrailingSlash"], _factory.Shortcut.FieldOrder);
    }

    [Theory]
    [InlineData("/red/1", true)]
    [InlineData("/blue/a/b", true)]
    [InlineData("/blue", true)]
    [InlineData("/green/1", false)]
    [InlineData("/red/1/", false)]
    public void Test_SeveralPatterns_AnyMatches(string path, bool expected)
    {
        var predicate = Shortcut(_factory, "/red/{segment},/blue/**");
        Assert.Equal(expected, predicate.Test(TestExchange.Create(pathAndQuery: path)));
    }

    [Fact]
    public void Test_Match_PutsVariablesIntoExchange()
    {
        var predicate = Shortcut(_factory, "/red/{segment}");
        var exchange = TestExchange.Create(pathAndQuery: "/red/blue?x=1");
        Assert.True(predicate.Test(exchange));
        Assert.Equal("blue", exchange.UriVariables["segment"]);
    }

    [Fact]
    public void Test_NoVariables_LeavesExchangeWithoutVariables()
    {
        var predicate = Shortcut(_factory, "/static/**");
        var exchange = TestExchange.Create(pathAndQuery: "/static/app.js");
        Assert.True(predicate.Test(exchange));
        Assert.False(exchange.HasUriVariables);
    }

    [Fact]
    public void Test_FirstMatchingPatternWins_ItsVariablesOnly()
    {
        var predicate = Shortcut(_factory, "/a/{first},/{second}/b");
        var exchange = TestExchange.Create(pathAndQuery: "/a/b");
        Assert.True(predicate.Test(exchange));
        Assert.Equal("b", exchange.UriVariables["first"]);
        Assert.False(exchange.UriVariables.ContainsKey("second"));
    }

    [Fact]
    public void Test_TrailingSlashFlagInShortcut_MatchesTrailingSlash()
    {
        var predicate = Shortcut(_factory, "/red/{segment},true");
        var exchange = TestExchange.Create(pathAndQuery: "/red/blue/");
        Assert.True(predicate.Test(exchange));
        Assert.Equal("blue", exchange.UriVariables["segment"]);
    }

    [Fact]
    public void Test_TrailingSlashDefault_IsFalseAsInSpringCloudGateway4()
    {
        var predicate = Shortcut(_factory, "/red/{segment}");
        Assert.False(predicate.Test(TestExchange.Create(pathAndQuery: "/red/blue/")));
    }

    [Fact]
    public void Test_ExpandedNotation_ListAndFlag()
    {
        var predicate = Expanded(_factory, ("patterns", ["/a/**", "/b/{x}"]), ("match-trailing-slash", ["true"]));
        Assert.True(predicate.Test(TestExchange.Create(pathAndQuery: "/b/1/")));
        Assert.True(predicate.Test(TestExchange.Create(pathAndQuery: "/a")));
        Assert.False(predicate.Test(TestExchange.Create(pathAndQuery: "/c")));
    }

    [Fact]
    public void Test_CaseSensitive_AsSpring()
    {
        var predicate = Shortcut(_factory, "/Orders/**");
        Assert.False(predicate.Test(TestExchange.Create(pathAndQuery: "/orders/1")));
        Assert.True(predicate.Test(TestExchange.Create(pathAndQuery: "/Orders/1")));
    }

    [Fact]
    public void Test_EncodedSlash_IsNotASeparator()
    {
        var predicate = Shortcut(_factory, "/files/{name}");
        var exchange = TestExchange.Create(pathAndQuery: "/files/a%2Fb");
        Assert.True(predicate.Test(exchange));
        Assert.Equal("a/b", exchange.UriVariables["name"]);
        Assert.False(Shortcut(_factory, "/files/a/b").Test(TestExchange.Create(pathAndQuery: "/files/a%2Fb")));
    }

    [Fact]
    public void Test_NoVariables_DoesNotAllocate()
    {
        var predicate = Shortcut(_factory, "/orders/*/items,/static/**,/img/*.png");
        var exchange = TestExchange.Create(pathAndQuery: "/static/js/app.js");
        var miss = TestExchange.Create(pathAndQuery: "/orders/1/lines");
        predicate.Test(exchange);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(predicate.Test(exchange));
            Assert.False(predicate.Test(miss));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ToString_DescribesPatternsAndFlag_SpringStyle()
    {
        Assert.Equal("Paths: [/red/{segment}, /blue/**], match trailing slash: false", Shortcut(_factory, "/red/{segment},/blue/**").ToString());
        Assert.Equal("Paths: [/a/**], match trailing slash: true", Shortcut(_factory, "/a/**,true").ToString());
    }

    [Fact]
    public void Create_NoPatterns_ReportsError()
    {
        Expanded(_factory, out var errors, ("matchTrailingSlash", ["true"]));
        SingleError(errors, "patterns", "needs at least one value");
    }

    [Fact]
    public void Create_BlankPattern_ReportsError()
    {
        Expanded(_factory, out var errors, ("patterns", ["/a/**", " "]));
        SingleError(errors, "patterns", "blank entry");
    }

    [Fact]
    public void Create_InvalidPatterns_ReportsEachOne()
    {
        Shortcut(_factory, "/a/**/b,/c/{x,orders/**", out var errors);
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Problem.Contains("/a/**/b", StringComparison.Ordinal) && e.Problem.Contains("last segment", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Problem.Contains("matching '}'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Problem.Contains("does not start with '/'", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Equal("predicates[0] (Path).args.patterns", e.Field));
        Assert.All(errors, e => Assert.Contains("/orders/**", e.Fix, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_FlagNotBoolean_ReportsError()
    {
        Expanded(_factory, out var errors, ("patterns", ["/a"]), ("matchTrailingSlash", ["maybe"]));
        SingleError(errors, "matchTrailingSlash", "not a boolean");
    }
}
