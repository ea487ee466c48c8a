using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class BeforeRoutePredicateFactoryTests
{
    private static readonly DateTimeOffset Instant = new(2017, 1, 21, 0, 42, 47, 789, TimeSpan.Zero);
    private readonly FixedTimeProvider _time = new(Instant);

    [Fact]
    public void Test_StrictlyBefore_Matches()
    {
        var predicate = Shortcut(new BeforeRoutePredicateFactory(_time), "2017-01-20T17:42:47.789-07:00[America/Denver]");
        var exchange = TestExchange.Create();
        Assert.False(predicate.Test(exchange));
        _time.Now = Instant.AddTicks(-1);
        Assert.True(predicate.Test(exchange));
        _time.Now = Instant.AddDays(1);
        Assert.False(predicate.Test(exchange));
    }

    [Fact]
    public void ToString_DescribesDatetime()
    {
        Assert.Equal("Before: 2017-01-20T17:42:47Z", Shortcut(new BeforeRoutePredicateFactory(_time), "2017-01-20T17:42:47Z").ToString());
        Assert.Equal("Before", new BeforeRoutePredicateFactory(_time).Name);
    }

    [Fact]
    public void Create_UnknownZone_ReportsError()
    {
        Shortcut(new BeforeRoutePredicateFactory(_time), "2017-01-20T17:42:47-07:00[America/Denvr]", out var errors);
        SingleError(errors, "datetime", "time zone 'America/Denvr' is unknown");
    }
}
