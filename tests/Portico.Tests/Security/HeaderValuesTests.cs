using Portico.Security;

namespace Portico.Tests.Security;

public class HeaderValuesTests
{
    [Theory]
    [InlineData("X-Auth-Subject", true)]
    [InlineData("x_api.key~1", true)]
    [InlineData("", false)]
    [InlineData("X Auth", false)]
    [InlineData("X-Auth:", false)]
    public void IsHeaderName_AcceptsTokensOnly(string name, bool expected) => Assert.Equal(expected, HeaderValues.IsHeaderName(name));

    [Theory]
    [InlineData("alice@example.com", "alice@example.com")]
    [InlineData("evil\r\nX-Admin: 1", "evil%0D%0AX-Admin%3A%201")]
    [InlineData("jörg", "j%C3%B6rg")]
    public void Safe_PrintableAsciiKept_OtherwisePercentEncoded(string value, string expected) => Assert.Equal(expected, HeaderValues.Safe(value));
}
