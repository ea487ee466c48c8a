using System.Text;
using Portico.Linkis.Messages;
using Portico.Security.Linkis.Tokens;

namespace Portico.Tests.Security.Linkis.Tokens;

public sealed class LinkisTokenRestEndpointTests
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeMilliseconds(1_740_816_000_000);

    private static LinkisToken Token(long id) =>
        new(id, "token-" + id, "TOK" + id + "***", "*", "*", "BDP", Created, Created.AddSeconds(1), -1, "hadoop");

    private static string Json(KeyValuePair<string, object?>[] page) =>
        Encoding.UTF8.GetString(LinkisMessage.Ok().WithData("list", page).ToUtf8Json());

    [Theory]
    [InlineData("basedata-manager/gateway-auth-token", true)]
    [InlineData("basedata-manager/gateway-auth-token/", true)]
    [InlineData("basedata-manager/gateway-auth-token/12", true)]
    [InlineData("basedata-manager/gateway-auth-token/check", true)]
    [InlineData("basedata-manager/gateway-auth-tokens", false)]
    [InlineData("basedata-manager/udf-tree", false)]
    [InlineData("basedata-manager", false)]
    public void Matches_OnlyTheTokenApi(string apiPath, bool expected)
    {
        var settings = new TestSecuritySettings(new Portico.Security.Linkis.LinkisSecurityConfig { Enabled = true });
        var endpoint = new LinkisTokenRestEndpoint(settings, new Lazy<ILinkisTokenStore>(() => throw new InvalidOperationException()), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<LinkisTokenRestEndpoint>.Instance);

        Assert.Equal(expected, endpoint.Matches(apiPath));
    }

    [Fact]
    public void Matches_WithLinkisSecurityOff_LeavesTheApiToThePublicService()
    {
        var settings = new TestSecuritySettings(new Portico.Security.Linkis.LinkisSecurityConfig { Enabled = false });
        var endpoint = new LinkisTokenRestEndpoint(settings, new Lazy<ILinkisTokenStore>(() => throw new InvalidOperationException()), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<LinkisTokenRestEndpoint>.Instance);

        Assert.False(endpoint.Matches("basedata-manager/gateway-auth-token"));
    }

    [Fact]
    public void Entity_IsLinkisRowWithTheTokenMasked() =>
        Assert.Equal(
            """{"method":null,"status":0,"message":"OK","data":{"item":{"id":7,"tokenName":"TOK7***","legalUsers":"*","legalHosts":"*","businessOwner":"BDP","createTime":1740816000000,"updateTime":1740816001000,"elapseDay":-1,"updateBy":"hadoop"}}}""",
            Encoding.UTF8.GetString(LinkisMessage.Ok().WithData("item", LinkisTokenRestEndpoint.Entity(Token(7), null)).ToUtf8Json()));

    [Fact]
    public void PageInfo_SecondPageOfThree_HasPageHelpersFields()
    {
        var all = Enumerable.Range(1, 5).Select(i => Token(i)).ToArray();

        var json = Json(LinkisTokenRestEndpoint.PageInfo(all, 2, 2));

        Assert.StartsWith("""{"method":null,"status":0,"message":"OK","data":{"list":{"total":5,"list":[{"id":3,""", json, StringComparison.Ordinal);
        Assert.EndsWith(
            """{"id":4,"tokenName":"TOK4***","legalUsers":"*","legalHosts":"*","businessOwner":"BDP","createTime":1740816000000,"updateTime":1740816001000,"elapseDay":-1,"updateBy":"hadoop"}],"pageNum":2,"pageSize":2,"size":2,"startRow":3,"endRow":4,"pages":3,"prePage":1,"nextPage":3,"isFirstPage":false,"isLastPage":false,"hasPreviousPage":true,"hasNextPage":true,"navigatePages":8,"navigatepageNums":[1,2,3],"navigateFirstPage":1,"navigateLastPage":3}}}""",
            json,
            StringComparison.Ordinal);
    }

    [Fact]
    public void PageInfo_Empty_HasNoPages() =>
        Assert.Equal(
            """{"method":null,"status":0,"message":"OK","data":{"list":{"total":0,"list":[],"pageNum":1,"pageSize":10,"size":0,"startRow":0,"endRow":0,"pages":0,"prePage":0,"nextPage":0,"isFirstPage":true,"isLastPage":true,"hasPreviousPage":false,"hasNextPage":false,"navigatePages":8,"navigatepageNums":[],"navigateFirstPage":0,"navigateLastPage":0}}}""",
            Json(LinkisTokenRestEndpoint.PageInfo([], 1, 10)));

    [Theory]
    [InlineData(1, new[] { 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(10, new[] { 6, 7, 8, 9, 10, 11, 12, 13 })]
    [InlineData(20, new[] { 13, 14, 15, 16, 17, 18, 19, 20 })]
    public void PageInfo_ManyPages_NavigatesEightAroundTheCurrent(int pageNum, int[] expected)
    {
        var all = Enumerable.Range(1, 20).Select(i => Token(i)).ToArray();

        var page = LinkisTokenRestEndpoint.PageInfo(all, pageNum, 1);

        Assert.Equal(expected.Select(n => (object?)n), (IEnumerable<object?>)page.Single(p => p.Key == "navigatepageNums").Value!);
    }
}
