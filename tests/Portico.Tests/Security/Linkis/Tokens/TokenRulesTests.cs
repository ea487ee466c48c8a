using Portico.Security.Linkis.Tokens;

namespace Portico.Tests.Security.Linkis.Tokens;

public sealed class TokenRulesTests
{
    [Theory]
    [InlineData("dss-prod")]
    [InlineData("A")]
    [InlineData("token_1.v2")]
    public void CheckName_Labels_AreAccepted(string name) => Assert.Null(TokenRules.CheckName(name));

    [Theory]
    [InlineData("", "must have 1 to 128 characters; write a label such as dss-prod.")]
    [InlineData("-dss", "'-dss' must start with a letter or a digit.")]
    [InlineData("dss prod", "'dss prod' may hold only letters, digits, '.', '_' and '-'.")]
    [InlineData("dss/../x", "'dss/../x' may hold only letters, digits, '.', '_' and '-'.")]
    public void CheckName_BadLabels_AreRefused(string name, string message) =>
        Assert.Equal(new LinkisTokenError(LinkisTokenErrorKind.Invalid, "name", message), TokenRules.CheckName(name));

    [Theory]
    [InlineData("LINKIS-AUTH")]
    [InlineData("AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE")]
    [InlineData("a!#$%&'()*+-./:<=>?@[]^_`{|}~z")]
    public void CheckValue_HeaderAndCookieSafeTokens_AreAccepted(string value) => Assert.Null(TokenRules.CheckValue(value));

    [Theory]
    [InlineData("with space")]
    [InlineData("semi;colon")]
    [InlineData("com,ma")]
    [InlineData("quo\"te")]
    [InlineData("back\\slash")]
    [InlineData("ünïcode")]
    [InlineData("tab\t")]
    public void CheckValue_UnsafeCharacters_AreRefused(string value)
    {
        var error = TokenRules.CheckValue(value);

        Assert.Equal("token", error!.Field);
        Assert.Equal("may hold only visible ASCII characters other than \" , ; \\ (it is sent in headers and cookies).", error.Message);
    }

    [Fact]
    public void CheckValue_MaskedToken_IsRefused() =>
        Assert.Equal(
            "ends with '***', the mark of a masked token; send the token itself, or leave it out to keep the current one.",
            TokenRules.CheckValue("LINK***")!.Message);

    [Fact]
    public void CheckValue_TooLong_IsRefused() =>
        Assert.Equal(
            "must have 1 to 128 characters; leave it out to have a random token generated.",
            TokenRules.CheckValue(new string('x', 129))!.Message);

    [Theory]
    [InlineData("*")]
    [InlineData("alice,bob")]
    [InlineData("hduser01")]
    public void CheckUsers_Lists_AreAccepted(string users) => Assert.Null(TokenRules.CheckUsers(users));

    [Theory]
    [InlineData(" ", "must not be blank; write * for any, or a comma-separated list such as alice,bob.")]
    [InlineData("alice, bob", "entry ' bob' has spaces around it, and entries are compared exactly; write a list without spaces, such as alice,bob.")]
    [InlineData("alice,,bob", "'alice,,bob' has an empty entry; write a comma-separated list such as alice,bob.")]
    [InlineData("alice,", "'alice,' has an empty entry; write a comma-separated list such as alice,bob.")]
    public void CheckUsers_BadLists_AreRefused(string users, string message) =>
        Assert.Equal(new LinkisTokenError(LinkisTokenErrorKind.Invalid, "legalUsers", message), TokenRules.CheckUsers(users));

    [Theory]
    [InlineData("*", "*")]
    [InlineData("127.0.0.1,10.0.0.5", "127.0.0.1,10.0.0.5")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    [InlineData("::FFFF:192.168.0.1", "192.168.0.1")]
    [InlineData("*,fe80::1", "*,fe80::1")]
    public void CheckHosts_Addresses_AreAcceptedInCanonicalForm(string hosts, string expected)
    {
        Assert.Null(TokenRules.CheckHosts(hosts, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.1")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.0/8")]
    [InlineData("fe80::1%eth0")]
    public void CheckHosts_NonAddresses_AreRefused(string entry)
    {
        var error = TokenRules.CheckHosts("10.0.0.5," + entry, out _);

        Assert.Equal("legalHosts", error!.Field);
        Assert.Equal($"entry '{entry}' is not an IP address; the client's address is compared, so write addresses such as 10.0.0.5 or ::1, or * for any.", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(36500)]
    public void CheckElapseDay_ForeverOrOneToHundredYears_IsAccepted(long days) => Assert.Null(TokenRules.CheckElapseDay(days));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\nb")]
    public void CheckOwner_BlankOrControl_IsRefused(string owner) =>
        Assert.Equal("businessOwner", TokenRules.CheckOwner(owner)!.Field);
}
