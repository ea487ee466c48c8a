using Portico.Configuration;
using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class HeaderRoutePredicateFactoryTests
{
    private readonly HeaderRoutePredicateFactory _factory = new();

    private static GatewayExchange With(params (string Name, string Value)[] headers) =>
        TestExchange.Create(headers: headers.Select(h => KeyValuePair.Create(h.Name, h.Value)));

    [Fact]
    public void Shortcut_IsHeaderThenRegexp()
    {
        Assert.Equal("Header", _factory.Name);
        Assert.Equal(["header", "regexp"], _factory.Shortcut.FieldOrder);
    }

    [Theory]
    [InlineData("123", true)]
    [InlineData("abc", false)]
    [InlineData("123abc", false)]
    [InlineData("a123", false)]
    public void Test_Regexp_MustMatchWholeValue(string value, bool expected)
    {
        var predicate = Shortcut(_factory, @"X-Request-Id, \d+");
        Assert.Equal(expected, predicate.Test(With(("X-Request-Id", value))));
    }

    [Fact]
    public void Test_NameIsCaseInsensitive()
    {
        Assert.True(Shortcut(_factory, @"X-Request-Id, \d+").Test(With(("x-request-id", "7"))));
    }

    [Fact]
    public void Test_NoRegexp_PresenceIsEnough()
    {
        var predicate = Shortcut(_factory, "X-Debug");
        var emptyValue = With();
        emptyValue.Request.Headers["X-Debug"] = "";
        Assert.True(predicate.Test(emptyValue));
        Assert.True(predicate.Test(With(("X-Debug", "on"))));
        Assert.False(predicate.Test(With(("X-Other", "1"))));
    }

    [Fact]
    public void Test_SeveralHeaderLines_AnyValueMatches()
    {
        var predicate = Shortcut(_factory, "X-Role, admin");
        Assert.True(predicate.Test(With(("X-Role", "user"), ("X-Role", "admin"))));
        Assert.False(predicate.Test(With(("X-Role", "user, admin"))));
    }

    [Fact]
    public void Test_HeaderAbsent_DoesNotMatch()
    {
        Assert.False(Shortcut(_factory, "X-Request-Id, .*").Test(With()));
    }

    [Fact]
    public void Test_LookaroundRegex_FallsBackToBacktrackingEngine()
    {
        var predicate = Shortcut(_factory, "X-Version, (?!beta).*");
        Assert.True(predicate.Test(With(("X-Version", "stable"))));
        Assert.False(predicate.Test(With(("X-Version", "beta-2"))));
    }

    [Fact]
    public void ToString_DescribesHeaderAndRegexp_SpringStyle()
    {
        Assert.Equal(@"Header: X-Request-Id regexp=\d+", Shortcut(_factory, @"X-Request-Id, \d+").ToString());
        Assert.Equal("Header: X-Debug regexp=null", Shortcut(_factory, "X-Debug").ToString());
    }

    [Fact]
    public void Create_BadRegexp_ReportsError()
    {
        Shortcut(_factory, "X-Request-Id, [0-9", out var errors);
        SingleError(errors, "regexp", "'[0-9' is not a valid regular expression");
    }

    [Fact]
    public void Create_NoHeader_ReportsError()
    {
        Expanded(_factory, out var errors, ("regexp", ["x"]));
        SingleError(errors, "header", "is required");
    }
}
