using Portico.Forwarding;

namespace Portico.Tests.Forwarding;

public sealed class TimeoutSourcePoolTests
{
    [Fact]
    public void Rent_TimeoutElapses_CancelsAndReportsTimedOut()
    {
        var time = new ManualTimeProvider();
        var pool = new TimeoutSourcePool(time);
        using var client = new CancellationTokenSource();

        var source = pool.Rent(TimeSpan.FromSeconds(5), client.Token);
        time.Advance(TimeSpan.FromSeconds(4));
        var early = source.IsCancellationRequested;
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(early);
        Assert.True(source.Token.IsCancellationRequested);
        Assert.True(source.TimedOut);
    }

    [Fact]
    public void Rent_LinkedTokenCancelled_CancelsWithoutReportingTimeout()
    {
        var pool = new TimeoutSourcePool(new ManualTimeProvider());
        using var client = new CancellationTokenSource();

        var source = pool.Rent(TimeSpan.FromSeconds(5), client.Token);
        client.Cancel();

        Assert.True(source.Token.IsCancellationRequested);
        Assert.False(source.TimedOut);
    }

    [Fact]
    public void Return_Reusable_NextRentGetsSameSourceDetachedFromTheFirstRequest()
    {
        // Sources can only be reset, and so reused, on the system clock.
        var pool = new TimeoutSourcePool(TimeProvider.System);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        var source = pool.Rent(TimeSpan.FromHours(1), first.Token);
        pool.Return(source, reusable: true);
        var again = pool.Rent(TimeSpan.FromHours(1), second.Token);
        first.Cancel();
        var afterFirstCancelled = again.IsCancellationRequested;
        second.Cancel();

        Assert.Same(source, again);
        Assert.False(afterFirstCancelled);
        Assert.True(again.IsCancellationRequested);
        Assert.False(again.TimedOut);
    }

    [Fact]
    public void Return_NotReusable_IsNotHandedOutAgainAndNeverFires()
    {
        var time = new ManualTimeProvider();
        var pool = new TimeoutSourcePool(time);

        var source = pool.Rent(TimeSpan.FromSeconds(5), CancellationToken.None);
        pool.Return(source, reusable: false);
        var next = pool.Rent(TimeSpan.FromSeconds(5), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.NotSame(source, next);
        Assert.False(source.IsCancellationRequested);
    }

    [Fact]
    public void Return_CancelledSource_IsNotReused()
    {
        var pool = new TimeoutSourcePool(new ManualTimeProvider());
        using var client = new CancellationTokenSource();

        var source = pool.Rent(TimeSpan.FromSeconds(5), client.Token);
        client.Cancel();
        pool.Return(source, reusable: true);

        Assert.NotSame(source, pool.Rent(TimeSpan.FromSeconds(5), CancellationToken.None));
    }
}
