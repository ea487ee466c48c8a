using Portico.Filters.GatewayFilters;

namespace Portico.Tests.Filters.GatewayFilters;

public class HttpStatusNamesTests
{
    [Theory]
    [InlineData("200", 200)]
    [InlineData(" 503 ", 503)]
    [InlineData("OK", 200)]
    [InlineData("FOUND", 302)]
    [InlineData("MOVED_PERMANENTLY", 301)]
    [InlineData("TEMPORARY_REDIRECT", 307)]
    [InlineData("PAYLOAD_TOO_LARGE", 413)]
    [InlineData("URI_TOO_LONG", 414)]
    [InlineData("UNPROCESSABLE_ENTITY", 422)]
    [InlineData("TOO_MANY_REQUESTS", 429)]
    [InlineData("REQUEST_HEADER_FIELDS_TOO_LARGE", 431)]
    [InlineData("service-unavailable", 503)]
    [InlineData("GatewayTimeout", 504)]
    public void TryParse_NumberOrName_ReturnsStatus(string text, int expected)
    {
        Assert.True(HttpStatusNames.TryParse(text, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("1000")]
    [InlineData("-200")]
    [InlineData("NOT_A_STATUS")]
    public void TryParse_Invalid_ReturnsFalse(string text) =>
        Assert.False(HttpStatusNames.TryParse(text, out _));
}
