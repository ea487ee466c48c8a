using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class BetweenRoutePredicateFactoryTests
{
    private const string Start = "2017-01-20T17:42:47.789-07:00[America/Denver]";
    private const string End = "2017-01-21T17:42:47.789-07:00[America/Denver]";
    private static readonly DateTimeOffset StartInstant = new(2017, 1, 21, 0, 42, 47, 789, TimeSpan.Zero);
    private readonly FixedTimeProvider _time = new(StartInstant);

    [Fact]
    public void Shortcut_IsTwoDatetimes()
    {
        Assert.Equal(["datetime1", "datetime2"], new BetweenRoutePredicateFactory(_time).Shortcut.FieldOrder);
    }

    [Fact]
    public void Test_OpenInterval_MatchesStrictlyInside()
    {
        var predicate = Shortcut(new BetweenRoutePredicateFactory(_time), $"{Start}, {End}");
        var exchange = TestExchange.Create();
        Assert.False(predicate.Test(exchange));
        _time.Now = StartInstant.AddHours(12);
        Assert.True(predicate.Test(exchange));
        _time.Now = StartInstant.AddDays(1);
        Assert.False(predicate.Test(exchange));
        _time.Now = StartInstant.AddDays(2);
        Assert.False(predicate.Test(exchange));
    }

    [Fact]
    public void ToString_DescribesBoth()
    {
        Assert.Equal($"Between: {Start} and {End}", Shortcut(new BetweenRoutePredicateFactory(_time), $"{Start}, {End}").ToString());
    }

    [Fact]
    public void Create_EndNotAfterStart_ReportsError()
    {
        Shortcut(new BetweenRoutePredicateFactory(_time), $"{End}, {Start}", out var errors);
        var error = SingleError(errors, "datetime2", "is not after datetime1");
        Assert.Contains("earlier date-time first", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BothInvalid_ReportsBoth()
    {
        Shortcut(new BetweenRoutePredicateFactory(_time), "soon, later", out var errors);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Field.EndsWith("datetime1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field.EndsWith("datetime2", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_ThreeArguments_ReportsError()
    {
        Shortcut(new BetweenRoutePredicateFactory(_time), $"{Start}, {End}, {End}", out var errors);
        Assert.Contains(errors, e => e.Problem.Contains("takes 2 arguments", StringComparison.Ordinal));
    }
}
