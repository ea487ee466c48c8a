using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class AfterRoutePredicateFactoryTests
{
    private static readonly DateTimeOffset Instant = new(2017, 1, 21, 0, 42, 47, 789, TimeSpan.Zero);
    private readonly FixedTimeProvider _time = new(Instant);

    [Fact]
    public void Shortcut_IsDatetime()
    {
        var factory = new AfterRoutePredicateFactory(_time);
        Assert.Equal("After", factory.Name);
        Assert.Equal(["datetime"], factory.Shortcut.FieldOrder);
    }

    [Fact]
    public void Test_StrictlyAfter_Matches()
    {
        var predicate = Shortcut(new AfterRoutePredicateFactory(_time), "2017-01-20T17:42:47.789-07:00[America/Denver]");
        var exchange = TestExchange.Create();
        Assert.False(predicate.Test(exchange));
        _time.Now = Instant.AddTicks(1);
        Assert.True(predicate.Test(exchange));
        _time.Now = Instant.AddTicks(-1);
        Assert.False(predicate.Test(exchange));
    }

    [Fact]
    public void Test_EpochMillis_Accepted()
    {
        var predicate = Expanded(new AfterRoutePredicateFactory(_time), ("datetime", ["1484959367788"]));
        Assert.True(predicate.Test(TestExchange.Create()));
    }

    [Fact]
    public void ToString_DescribesDatetime()
    {
        Assert.Equal("After: 2017-01-20T17:42:47.789-07:00[America/Denver]", Shortcut(new AfterRoutePredicateFactory(_time), "2017-01-20T17:42:47.789-07:00[America/Denver]").ToString());
    }

    [Fact]
    public void Create_BadDate_ReportsErrorWithExample()
    {
        Shortcut(new AfterRoutePredicateFactory(_time), "2017-01-20 17:42", out var errors);
        var error = SingleError(errors, "datetime", "'2017-01-20 17:42' is not a date-time");
        Assert.Contains("2017-01-20T17:42:47.789-07:00[America/Denver]", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Missing_ReportsError()
    {
        Shortcut(new AfterRoutePredicateFactory(_time), "", out var errors);
        SingleError(errors, "datetime", "is required");
    }
}
