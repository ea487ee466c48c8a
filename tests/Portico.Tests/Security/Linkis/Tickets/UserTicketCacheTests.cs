using Portico.Security.Linkis.Tickets;

namespace Portico.Tests.Security.Linkis.Tickets;

public sealed class ForwardedTicketCacheTests
{
    private readonly LinkisTicketCipher _cipher = new("0123456789abcdef-portico-test", "bfs_");
    private readonly SettableTime _time = new() { Now = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero) };

    [Fact]
    public void Get_SameUserWithinTheWindow_ReusesTheTicket()
    {
        var cache = new ForwardedTicketCache(_cipher, _time);

        var first = cache.Get("alice", out var firstIssued);
        _time.Now += ForwardedTicketCache.ReuseWindow - TimeSpan.FromMilliseconds(1);
        var second = cache.Get("alice", out var secondIssued);

        Assert.True(firstIssued);
        Assert.False(secondIssued);
        Assert.Same(first, second);
    }

    [Fact]
    public void Get_AfterTheWindow_IssuesANewTicketWithTheNewLoginTime()
    {
        var cache = new ForwardedTicketCache(_cipher, _time);
        var first = cache.Get("alice", out _);

        _time.Now += ForwardedTicketCache.ReuseWindow;
        var second = cache.Get("alice", out var issued);

        Assert.True(issued);
        Assert.NotEqual(first, second);
        var read = _cipher.Read(second);
        Assert.Equal("alice", read.UserName);
        Assert.Equal(_time.Now, read.LoginTime);
    }

    [Fact]
    public void Get_ClockWentBack_IssuesANewTicket()
    {
        var cache = new ForwardedTicketCache(_cipher, _time);
        var first = cache.Get("alice", out _);

        _time.Now -= TimeSpan.FromMilliseconds(1);
        var second = cache.Get("alice", out var issued);

        Assert.True(issued);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Get_ManyUsers_EachTicketNamesItsOwnUser()
    {
        var cache = new ForwardedTicketCache(_cipher, _time);

        // More users than slots: collisions must mint, never hand one user's ticket to another.
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < ForwardedTicketCache.SlotCount * 2; i++)
            {
                var user = "user" + i;
                Assert.Equal(user, _cipher.Read(cache.Get(user, out _)).UserName);
            }
        }
    }

    [Fact]
    public void Get_UsersDifferingOnlyInCase_GetTheirOwnTickets()
    {
        var cache = new ForwardedTicketCache(_cipher, _time);

        Assert.Equal("alice", _cipher.Read(cache.Get("alice", out _)).UserName);
        Assert.Equal("Alice", _cipher.Read(cache.Get("Alice", out _)).UserName);
        Assert.Equal("alice", _cipher.Read(cache.Get("alice", out _)).UserName);
    }

    private sealed class SettableTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
