using Portico.Configuration;
using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class MethodRoutePredicateFactoryTests
{
    private readonly MethodRoutePredicateFactory _factory = new();

    [Fact]
    public void Shortcut_IsGatherListOfMethods()
    {
        Assert.Equal("Method", _factory.Name);
        Assert.Equal(ShortcutType.GatherList, _factory.Shortcut.Type);
        Assert.Equal(["methods"], _factory.Shortcut.FieldOrder);
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", true)]
    [InlineData("PUT", false)]
    [InlineData("HEAD", false)]
    public void Test_GetOrPost_MatchesListedOnly(string method, bool expected)
    {
        Assert.Equal(expected, Shortcut(_factory, "GET,POST").Test(TestExchange.Create(method: method)));
    }

    [Fact]
    public void Test_ConfiguredInLowerCase_MatchesUpperCaseRequest()
    {
        var predicate = Shortcut(_factory, "get, delete");
        Assert.True(predicate.Test(TestExchange.Create(method: "DELETE")));
        Assert.Equal("Methods: [GET, DELETE]", predicate.ToString());
    }

    [Fact]
    public void Test_RequestMethodIsCaseSensitive_AsHttpDefinesIt()
    {
        Assert.False(Shortcut(_factory, "GET").Test(TestExchange.Create(method: "get")));
    }

    [Fact]
    public void Test_ExpandedList_Matches()
    {
        var predicate = Expanded(_factory, ("methods", ["PATCH", "OPTIONS"]));
        Assert.True(predicate.Test(TestExchange.Create(method: "OPTIONS")));
        Assert.False(predicate.Test(TestExchange.Create(method: "GET")));
    }

    [Fact]
    public void Create_UnknownMethod_ReportsErrorListingKnownOnes()
    {
        Shortcut(_factory, "GET,FETCH", out var errors);
        var error = SingleError(errors, "methods", "'FETCH' is not an HTTP method");
        Assert.Contains("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoMethods_ReportsError()
    {
        Shortcut(_factory, "", out var errors);
        SingleError(errors, "methods", "needs at least one value");
    }
}
