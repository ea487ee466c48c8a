using Portico.Logging;
using Portico.Testing;

namespace Portico.Tests.Logging;

public sealed class LogRateLimiterTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void TryAcquire_RepeatsWithinInterval_HeldBackAndCountedOnTheNextLine()
    {
        var limiter = new LogRateLimiter(_time, TimeSpan.FromSeconds(10));

        var first = limiter.TryAcquire("orders", out long firstHeldBack);
        var repeats = Enumerable.Range(0, 5).Count(_ => limiter.TryAcquire("orders", out long _));
        _time.Advance(TimeSpan.FromSeconds(9));
        var stillHeld = limiter.TryAcquire("orders", out _);
        _time.Advance(TimeSpan.FromSeconds(1));
        var next = limiter.TryAcquire("orders", out var nextHeldBack);

        Assert.Equal((true, 0L), (first, firstHeldBack));
        Assert.Equal(0, repeats);
        Assert.False(stillHeld);
        Assert.Equal((true, 6L), (next, nextHeldBack));
    }

    [Fact]
    public void TryAcquire_KeysAreIndependent()
    {
        var limiter = new LogRateLimiter(_time);

        Assert.True(limiter.TryAcquire("orders", out _));
        Assert.True(limiter.TryAcquire("billing", out _));
        Assert.False(limiter.TryAcquire("orders", out _));
        Assert.Equal(LogRateLimiter.DefaultInterval, limiter.Interval);
    }

    [Fact]
    public void TryAcquire_BeyondMaxKeys_FurtherKeysShareOneSlot()
    {
        var limiter = new LogRateLimiter(_time);
        for (var i = 0; i < LogRateLimiter.MaxKeys; i++)
        {
            Assert.True(limiter.TryAcquire("key" + i, out _));
        }

        Assert.True(limiter.TryAcquire("client-chosen-1", out _));
        Assert.False(limiter.TryAcquire("client-chosen-2", out _));
        Assert.False(limiter.TryAcquire("client-chosen-3", out _));
    }
}
