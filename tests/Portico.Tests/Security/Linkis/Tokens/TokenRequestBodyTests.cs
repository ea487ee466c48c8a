using System.Text;
using Portico.Security.Linkis.Tokens;

namespace Portico.Tests.Security.Linkis.Tokens;

public sealed class TokenRequestBodyTests
{
    private static TokenRequest Read(string json, bool linkis) => TokenRequestBody.Read(Encoding.UTF8.GetBytes(json), linkis);

    private static TokenBodyException Refused(string json, bool linkis) => Assert.Throws<TokenBodyException>(() => Read(json, linkis));

    [Fact]
    public void Read_PorticoBody_ReadsEveryProperty()
    {
        var request = Read("""{"name":"dss","token":"T0KEN-VALUE","regenerate":false,"legalUsers":"a,b","legalHosts":"*","businessOwner":"DSS","elapseDay":30}""", linkis: false);

        Assert.Equal(new LinkisTokenSpec { Name = "dss", Value = "T0KEN-VALUE", LegalUsers = "a,b", LegalHosts = "*", BusinessOwner = "DSS", ElapseDay = 30 }, request.Spec);
        Assert.Null(request.Id);
    }

    [Fact]
    public void Read_PorticoNulls_MeanAbsent()
    {
        var request = Read("""{"token":null,"elapseDay":null}""", linkis: false);

        Assert.Equal(new LinkisTokenSpec(), request.Spec);
    }

    [Theory]
    [InlineData("""{"legalUser":"*"}""", "legalUser", "is not a token property; use name, token, regenerate, legalUsers, legalHosts, businessOwner and elapseDay.")]
    [InlineData("""{"tokenName":"x"}""", "tokenName", "is not a token property; use name, token, regenerate, legalUsers, legalHosts, businessOwner and elapseDay.")]
    [InlineData("""{"elapseDay":"7"}""", "elapseDay", "must be a whole number.")]
    [InlineData("""{"elapseDay":1.5}""", "elapseDay", "must be a whole number.")]
    [InlineData("""{"legalUsers":["a"]}""", "legalUsers", "must be a string.")]
    [InlineData("""{"regenerate":"yes"}""", "regenerate", "must be true or false.")]
    [InlineData("""[1]""", "body", "must be a JSON object such as {\"legalUsers\":\"*\",\"legalHosts\":\"*\",\"elapseDay\":-1}.")]
    [InlineData("""{"name":"x""", "body", "is not valid JSON.")]
    [InlineData("""{} {}""", "body", "is not valid JSON.")]
    [InlineData("", "body", "is not valid JSON.")]
    public void Read_PorticoBadBody_NamesTheProperty(string json, string field, string problem)
    {
        var error = Refused(json, linkis: false);

        Assert.Equal(field, error.Field);
        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public void Read_LinkisConsoleBody_IgnoresUnknownAndCoercesNumbers()
    {
        var request = Read("""{"id":"3","tokenName":"TEST-AUTH","legalUsers":"*","legalHosts":"*","elapseDay":"7","permanentlyValid":false,"createTime":1700000000000,"extra":{"a":[1,2]}}""", linkis: true);

        Assert.Equal(3, request.Id);
        Assert.Equal(new LinkisTokenSpec { Value = "TEST-AUTH", LegalUsers = "*", LegalHosts = "*", ElapseDay = 7 }, request.Spec);
    }

    [Fact]
    public void Read_LinkisNameAndToken_AreNotItsProperties()
    {
        var request = Read("""{"name":"x","token":"y","regenerate":true}""", linkis: true);

        Assert.Equal(new LinkisTokenSpec(), request.Spec);
    }

    [Fact]
    public void Read_LinkisBadNumber_NamesIt()
    {
        var error = Refused("""{"id":"three"}""", linkis: true);

        Assert.Equal("id must be a whole number.", error.Message);
    }
}
