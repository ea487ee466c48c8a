using Portico.Observability;

namespace Portico.Tests.Observability;

public class HttpStatusNamesTests
{
    [Theory]
    [InlineData(100, "CONTINUE", "INFORMATIONAL")]
    [InlineData(103, "EARLY_HINTS", "INFORMATIONAL")]
    [InlineData(200, "OK", "SUCCESSFUL")]
    [InlineData(204, "NO_CONTENT", "SUCCESSFUL")]
    [InlineData(302, "FOUND", "REDIRECTION")]
    [InlineData(308, "PERMANENT_REDIRECT", "REDIRECTION")]
    [InlineData(404, "NOT_FOUND", "CLIENT_ERROR")]
    [InlineData(413, "CONTENT_TOO_LARGE", "CLIENT_ERROR")]
    [InlineData(418, "I_AM_A_TEAPOT", "CLIENT_ERROR")]
    [InlineData(422, "UNPROCESSABLE_CONTENT", "CLIENT_ERROR")]
    [InlineData(429, "TOO_MANY_REQUESTS", "CLIENT_ERROR")]
    [InlineData(500, "INTERNAL_SERVER_ERROR", "SERVER_ERROR")]
    [InlineData(503, "SERVICE_UNAVAILABLE", "SERVER_ERROR")]
    [InlineData(504, "GATEWAY_TIMEOUT", "SERVER_ERROR")]
    public void Status_KnownCode_UsesSpringNameAndSeries(int code, string name, string outcome)
    {
        Assert.Equal(name, HttpStatusNames.Status(code));
        Assert.Equal(outcome, HttpStatusNames.Outcome(code));
    }

    [Theory]
    [InlineData(299)]
    [InlineData(499)]
    [InlineData(599)]
    [InlineData(600)]
    [InlineData(99)]
    public void Status_CodeSpringDoesNotName_IsNumberWithCustomOutcome(int code)
    {
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), HttpStatusNames.Status(code));
        Assert.Equal(HttpStatusNames.Custom, HttpStatusNames.Outcome(code));
        Assert.Null(HttpStatusNames.Name(code));
    }

    [Fact]
    public void CodeText_CommonCode_ReturnsSameCachedInstance()
    {
        Assert.Equal("200", HttpStatusNames.CodeText(200));
        Assert.Same(HttpStatusNames.CodeText(404), HttpStatusNames.CodeText(404));
    }
}
