using Portico.Health;

namespace Portico.Tests.Health;

public class FailureWindowTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly long Start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    [Fact]
    public void Totals_CountRequestsAndFailuresWithinTheWindow()
    {
        var window = new FailureWindow();
        window.Record(Start, Window, failed: true);
        window.Record(Start + TimeSpan.FromSeconds(5).Ticks, Window, failed: false);
        Assert.Equal((2, 1), window.Totals(Start + TimeSpan.FromSeconds(5).Ticks, Window));
    }

    [Fact]
    public void Totals_BucketsOlderThanTheWindowDropOut()
    {
        var window = new FailureWindow();
        window.Record(Start, Window, failed: true);
        window.Record(Start + TimeSpan.FromSeconds(6).Ticks, Window, failed: true);
        Assert.Equal((1, 1), window.Totals(Start + TimeSpan.FromSeconds(10).Ticks, Window));
        Assert.Equal((0, 0), window.Totals(Start + TimeSpan.FromSeconds(17).Ticks, Window));
    }

    [Fact]
    public void Record_ReusedBucketIsResetFirst()
    {
        var window = new FailureWindow();
        window.Record(Start, Window, failed: true);
        window.Record(Start + TimeSpan.FromSeconds(10).Ticks, Window, failed: false);
        Assert.Equal((1, 0), window.Totals(Start + TimeSpan.FromSeconds(10).Ticks, Window));
    }

    [Fact]
    public void WindowChange_StartsAfresh()
    {
        var window = new FailureWindow();
        window.Record(Start, Window, failed: true);
        Assert.Equal((0, 0), window.Totals(Start, TimeSpan.FromSeconds(30)));
    }
}
