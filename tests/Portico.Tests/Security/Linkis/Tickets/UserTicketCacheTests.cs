using Portico.Security.Linkis.Tickets;

namespace Portico.Tests.Security.Linkis.Tickets;

public sealed class UserTicketCacheTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly LinkisTicketCipher _cipher = new("0123456789abcdef-portico-test", "bfs_");
    private readonly SettableTime _time = new() { Now = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero) };

    private UserTicketCache Cache() => new(_cipher, _time, Window);

    // The ticket a caller would use: reused when there is one, else newly issued.
    private static string Get(UserTicketCache cache, string user) => cache.TryReuse(user, out var ticket) ? ticket : cache.Issue(user);

    [Fact]
    public void TryReuse_NothingIssued_GivesNothing()
    {
        Assert.False(Cache().TryReuse("alice", out _));
    }

    [Fact]
    public void TryReuse_SameUserWithinTheWindow_GivesTheIssuedTicket()
    {
        var cache = Cache();

        var issued = cache.Issue("alice");
        _time.Now += Window - TimeSpan.FromMilliseconds(1);

        Assert.True(cache.TryReuse("alice", out var reused));
        Assert.Same(issued, reused);
    }

    [Fact]
    public void TryReuse_AfterTheWindow_GivesNothingAndIssueCarriesTheNewLoginTime()
    {
        var cache = Cache();
        var first = cache.Issue("alice");

        _time.Now += Window;

        Assert.False(cache.TryReuse("alice", out _));
        var second = cache.Issue("alice");
        Assert.NotEqual(first, second);
        var read = _cipher.Read(second);
        Assert.Equal("alice", read.UserName);
        Assert.Equal(_time.Now, read.LoginTime);
    }

    [Fact]
    public void TryReuse_ClockWentBack_GivesNothing()
    {
        var cache = Cache();
        cache.Issue("alice");

        _time.Now -= TimeSpan.FromMilliseconds(1);

        Assert.False(cache.TryReuse("alice", out _));
    }

    [Fact]
    public void Issue_ReplacesTheKeptTicket()
    {
        var cache = Cache();
        cache.Issue("alice");

        var replacement = cache.Issue("alice");

        Assert.True(cache.TryReuse("alice", out var reused));
        Assert.Same(replacement, reused);
    }

    [Fact]
    public void Get_ManyUsers_EachTicketNamesItsOwnUser()
    {
        var cache = Cache();

        // More users than slots: collisions must mint, never hand one user's ticket to another.
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < UserTicketCache.SlotCount * 2; i++)
            {
                var user = "user" + i;
                Assert.Equal(user, _cipher.Read(Get(cache, user)).UserName);
            }
        }
    }

    [Fact]
    public void Get_UsersDifferingOnlyInCase_GetTheirOwnTickets()
    {
        var cache = Cache();

        Assert.Equal("alice", _cipher.Read(Get(cache, "alice")).UserName);
        Assert.Equal("Alice", _cipher.Read(Get(cache, "Alice")).UserName);
        Assert.Equal("alice", _cipher.Read(Get(cache, "alice")).UserName);
    }

    private sealed class SettableTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
