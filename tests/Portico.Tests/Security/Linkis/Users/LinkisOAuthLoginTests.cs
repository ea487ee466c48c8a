using Portico.Security.Linkis.Users;

namespace Portico.Tests.Security.Linkis.Users;

public sealed class LinkisOAuthLoginTests
{
    [Theory]
    [InlineData("https://github.com/login/oauth/authorize", "abc", "", "https://github.com/login/oauth/authorize?client_id=abc&response_type=code")]
    [InlineData("https://idp/authorize", "abc", "read:user", "https://idp/authorize?client_id=abc&response_type=code&scope=read%3Auser")]
    [InlineData("https://idp/authorize?tenant=7", "abc", "", "https://idp/authorize?tenant=7&client_id=abc&response_type=code")]
    [InlineData("https://idp/authorize?", "abc", "", "https://idp/authorize?client_id=abc&response_type=code")]
    [InlineData("https://idp/authorize?tenant=7&", "abc", "", "https://idp/authorize?tenant=7&client_id=abc&response_type=code")]
    [InlineData("https://idp/authorize", "a b&c=d#e", "x y", "https://idp/authorize?client_id=a%20b%26c%3Dd%23e&response_type=code&scope=x%20y")]
    public void AuthorizeUrl_EncodesValuesAndJoinsExistingQuery(string url, string clientId, string scope, string expected)
    {
        var config = new LinkisOAuthConfig { AuthenticationUrl = url, ClientId = clientId, Scope = scope };

        Assert.Equal(expected, LinkisOAuthLogin.AuthorizeUrl(config));
    }

    [Theory]
    [InlineData("0123456789abcdef", "0123***")]
    [InlineData("abcde", "abcd***")]
    [InlineData("abcd", "***")]
    [InlineData("a", "***")]
    public void Mask_KeepsFourCharactersOfLongerCodes(string code, string masked)
    {
        Assert.Equal(masked, LinkisOAuthLogin.Mask(code));
    }

    [Fact]
    public void OAuthConfig_ToString_HidesTheSecret()
    {
        var text = new LinkisOAuthConfig { Enabled = true, ClientId = "id-1", ClientSecret = "s3cr3t-value" }.ToString();

        Assert.Contains("ClientId = id-1", text, StringComparison.Ordinal);
        Assert.Contains("ClientSecret = ***", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthorizeUrl_WithState_AppendsItLast()
    {
        var config = new LinkisOAuthConfig { AuthenticationUrl = "https://idp/authorize", ClientId = "abc", Scope = "s" };

        Assert.Equal("https://idp/authorize?client_id=abc&response_type=code&scope=s&state=xyz_-1", LinkisOAuthLogin.AuthorizeUrl(config, "xyz_-1"));
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("abc", "abcd", false)]
    [InlineData("", "", false)]
    [InlineData(null, "abc", false)]
    [InlineData("abc", null, false)]
    public void StateMatches_OnlyTheSameNonEmptyValue(string? fromQuery, string? fromCookie, bool expected)
    {
        Assert.Equal(expected, LinkisOAuthLogin.StateMatches(fromQuery, fromCookie));
    }
}
