using Portico.Security.Linkis.Tokens;

namespace Portico.Tests.Security.Linkis.Tokens;

public sealed class LinkisTokenTests
{
    private static readonly DateTimeOffset Created = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static LinkisToken Token(string users = "*", string hosts = "*", long elapseDay = -1) =>
        new(1, "t", "LINK***", users, hosts, "BDP", Created, Created, elapseDay, "hadoop");

    [Theory]
    [InlineData("alice,bob", "alice", true)]
    [InlineData("alice,bob", "bob", true)]
    [InlineData("alice, bob", "bob", false)]
    [InlineData("alice, bob", " bob", true)]
    [InlineData("alice,bob", "ali", false)]
    [InlineData("alice,bob", "alice,bob", false)]
    [InlineData("alice,*", "zed", true)]
    [InlineData("*x", "zed", false)]
    [InlineData("", "alice", false)]
    [InlineData(",", "", false)]
    public void AllowsUser_ExactEntriesOrWildcard(string users, string user, bool expected) =>
        Assert.Equal(expected, Token(users: users).AllowsUser(user));

    [Fact]
    public void AllowsUser_Null_OnlyThroughTheWildcard()
    {
        Assert.True(Token(users: "*").AllowsUser(null));
        Assert.False(Token(users: "alice").AllowsUser(null));
    }

    [Theory]
    [InlineData("10.0.0.5,127.0.0.1", "127.0.0.1", true)]
    [InlineData("10.0.0.5", "10.0.0.50", false)]
    [InlineData("*", "::1", true)]
    public void AllowsHost_ExactEntriesOrWildcard(string hosts, string host, bool expected) =>
        Assert.Equal(expected, Token(hosts: hosts).AllowsHost(host));

    [Fact]
    public void IsExpiredAt_AfterCreatePlusDays_ButNotAtIt()
    {
        var token = Token(elapseDay: 1);

        Assert.False(token.IsExpiredAt(Created.AddDays(1)));
        Assert.True(token.IsExpiredAt(Created.AddDays(1).AddMilliseconds(1)));
        Assert.Equal(Created.AddDays(1), token.ExpiresAt);
    }

    [Fact]
    public void IsExpiredAt_Forever_Never()
    {
        var token = Token(elapseDay: -1);

        Assert.False(token.IsExpiredAt(DateTimeOffset.MaxValue));
        Assert.Null(token.ExpiresAt);
    }

    [Theory]
    [InlineData(long.MaxValue, false)]
    [InlineData(long.MinValue, true)]
    [InlineData(-5, true)]
    public void IsExpiredAt_DamagedElapse_DoesNotOverflow(long elapseDay, bool expired)
    {
        var token = Token(elapseDay: elapseDay);

        Assert.Equal(expired, token.IsExpiredAt(Created.AddDays(1)));
        _ = token.ExpiresAt;
    }
}
