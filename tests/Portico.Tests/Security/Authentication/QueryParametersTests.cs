using Microsoft.AspNetCore.Http;
using Portico.Security.Authentication;

namespace Portico.Tests.Security.Authentication;

public class QueryParametersTests
{
    [Theory]
    [InlineData("?api_key=k", "")]
    [InlineData("?a=1&api_key=k&b=2", "?a=1&b=2")]
    [InlineData("?api_key=k&api_key=j&a=%2F+x", "?a=%2F+x")]
    [InlineData("?api%5Fkey=k&a", "?a")]
    [InlineData("?a=1&&api_key", "?a=1")]
    [InlineData("?api_keys=k", "?api_keys=k")]
    [InlineData("?x=api_key", "?x=api_key")]
    public void Remove_DropsEveryOccurrenceKeepingTheRestVerbatim(string query, string expected) =>
        Assert.Equal(expected, QueryParameters.Remove(new QueryString(query), "api_key").Value ?? "");

    [Fact]
    public void Remove_EmptyQuery_Unchanged() =>
        Assert.Equal(QueryString.Empty, QueryParameters.Remove(QueryString.Empty, "api_key"));
}
