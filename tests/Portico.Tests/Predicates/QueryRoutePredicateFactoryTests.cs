using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class QueryRoutePredicateFactoryTests
{
    private readonly QueryRoutePredicateFactory _factory = new();

    [Fact]
    public void Shortcut_IsParamThenRegexp()
    {
        Assert.Equal("Query", _factory.Name);
        Assert.Equal(["param", "regexp"], _factory.Shortcut.FieldOrder);
    }

    [Theory]
    [InlineData("/?green", true)]
    [InlineData("/?green=", true)]
    [InlineData("/?green=1", true)]
    [InlineData("/?a=1&green=1", true)]
    [InlineData("/?greenish=1", false)]
    [InlineData("/?Green=1", false)]
    [InlineData("/?red=green", false)]
    [InlineData("/", false)]
    [InlineData("/?gr%65en=1", true)]
    public void Test_NoRegexp_PresenceIsEnough(string pathAndQuery, bool expected)
    {
        Assert.Equal(expected, Shortcut(_factory, "green").Test(TestExchange.Create(pathAndQuery: pathAndQuery)));
    }

    [Theory]
    [InlineData("/?red=greet", true)]
    [InlineData("/?red=green", true)]
    [InlineData("/?red=gree", false)]
    [InlineData("/?red=greens", false)]
    [InlineData("/?red=x&red=greet", true)]
    [InlineData("/?red", false)]
    [InlineData("/?red=", false)]
    [InlineData("/?red=gre%65t", true)]
    public void Test_Regexp_MatchesWholeDecodedValue(string pathAndQuery, bool expected)
    {
        Assert.Equal(expected, Shortcut(_factory, "red, gree.").Test(TestExchange.Create(pathAndQuery: pathAndQuery)));
    }

    [Fact]
    public void Test_PlusInValue_IsASpace()
    {
        Assert.True(Shortcut(_factory, "q, a b").Test(TestExchange.Create(pathAndQuery: "/?q=a+b")));
    }

    [Fact]
    public void Test_NoRegexpMatching_DoesNotAllocate()
    {
        var predicate = Shortcut(_factory, "red, gree.");
        var exchange = TestExchange.Create(pathAndQuery: "/?a=1&red=greet&b=2");
        predicate.Test(exchange);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(predicate.Test(exchange));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ToString_DescribesParamAndRegexp_SpringStyle()
    {
        Assert.Equal("Query: param=red regexp=gree.", Shortcut(_factory, "red, gree.").ToString());
        Assert.Equal("Query: param=green regexp=null", Shortcut(_factory, "green").ToString());
    }

    [Fact]
    public void Create_NoParam_ReportsError()
    {
        Shortcut(_factory, "", out var errors);
        SingleError(errors, "param", "is required");
    }

    [Fact]
    public void Create_BadRegexp_ReportsError()
    {
        Shortcut(_factory, "red, *x", out var errors);
        SingleError(errors, "regexp", "not a valid regular expression");
    }
}
