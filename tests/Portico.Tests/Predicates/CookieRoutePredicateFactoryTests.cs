using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class CookieRoutePredicateFactoryTests
{
    private readonly CookieRoutePredicateFactory _factory = new();

    private static GatewayExchange WithCookies(params string[] cookieHeaders) =>
        TestExchange.Create(headers: cookieHeaders.Select(c => KeyValuePair.Create("Cookie", c)));

    [Fact]
    public void Shortcut_IsNameThenRegexp()
    {
        Assert.Equal("Cookie", _factory.Name);
        Assert.Equal(["name", "regexp"], _factory.Shortcut.FieldOrder);
    }

    [Theory]
    [InlineData("chocolate=chip", true)]
    [InlineData("chocolate=chop", true)]
    [InlineData("chocolate=chips", false)]
    [InlineData("vanilla=chip", false)]
    [InlineData("a=1; chocolate=chip; b=2", true)]
    [InlineData("a=1;chocolate=chip", true)]
    [InlineData("chocolate=\"chip\"", true)]
    [InlineData("Chocolate=chip", false)]
    [InlineData("", false)]
    public void Test_ValueMustMatchWholeRegexp(string header, bool expected)
    {
        var predicate = Shortcut(_factory, "chocolate, ch.p");
        Assert.Equal(expected, predicate.Test(WithCookies(header)));
    }

    [Fact]
    public void Test_SameNameTwice_AnyValueCounts()
    {
        Assert.True(Shortcut(_factory, "session, s2").Test(WithCookies("session=s1; session=s2")));
    }

    [Fact]
    public void Test_SeveralCookieHeaders_AllAreRead()
    {
        Assert.True(Shortcut(_factory, "b, 2").Test(WithCookies("a=1", "b=2")));
    }

    [Fact]
    public void Test_NoCookies_DoesNotMatch()
    {
        Assert.False(Shortcut(_factory, "chocolate, .*").Test(TestExchange.Create()));
    }

    [Fact]
    public void ToString_DescribesNameAndRegexp_SpringStyle()
    {
        Assert.Equal("Cookie: name=chocolate regexp=ch.p", Shortcut(_factory, "chocolate, ch.p").ToString());
    }

    [Fact]
    public void Create_MissingRegexp_ReportsError()
    {
        Shortcut(_factory, "chocolate", out var errors);
        SingleError(errors, "regexp", "is required");
    }

    [Fact]
    public void Create_BadRegexp_ReportsError()
    {
        Shortcut(_factory, "chocolate, (ch", out var errors);
        SingleError(errors, "regexp", "not a valid regular expression");
    }
}
