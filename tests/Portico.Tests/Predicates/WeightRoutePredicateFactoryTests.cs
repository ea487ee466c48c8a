using Portico.Configuration;
using Portico.Predicates;
using Portico.Tests.TestSupport;
using static Portico.Tests.Predicates.PredicateTestHelper;

namespace Portico.Tests.Predicates;

public class WeightRoutePredicateFactoryTests
{
    private static (IRoutePredicate High, IRoutePredicate Low) Group(SequenceRandomSource random, int high = 8, int low = 2)
    {
        var factory = new WeightRoutePredicateFactory(random);
        var context = new RouteBuildContext();
        var first = Shortcut(factory, $"group1, {high}", context, "weight_high");
        var second = Shortcut(factory, $"group1, {low}", context, "weight_low");
        context.Complete();
        return (first, second);
    }

    [Fact]
    public void Shortcut_IsGroupThenWeight()
    {
        var factory = new WeightRoutePredicateFactory(new SequenceRandomSource(0));
        Assert.Equal("Weight", factory.Name);
        Assert.Equal(["group", "weight"], factory.Shortcut.FieldOrder);
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(0.79, true)]
    [InlineData(0.8, false)]
    [InlineData(0.999, false)]
    public void Test_Draw_PicksRouteByCumulativeWeight(double draw, bool highChosen)
    {
        var (high, low) = Group(new SequenceRandomSource(draw));
        var exchange = TestExchange.Create();
        Assert.Equal(highChosen, high.Test(exchange));
        Assert.Equal(!highChosen, low.Test(exchange));
    }

    [Fact]
    public void Test_OneDrawPerRequest_ExactlyOneRouteOfTheGroupMatches()
    {
        var random = new SequenceRandomSource(0.1, 0.9, 0.5, 0.85);
        var (high, low) = Group(random);
        var chosen = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var exchange = TestExchange.Create();
            var h = high.Test(exchange);
            var l = low.Test(exchange);
            Assert.True(h ^ l);
            chosen.Add(h ? "high" : "low");
        }

        Assert.Equal(["high", "low", "high", "low"], chosen);
        Assert.Equal(4, random.Calls);
    }

    [Fact]
    public void Test_SequenceOfDraws_SplitsInProportion()
    {
        var draws = Enumerable.Range(0, 100).Select(i => i / 100.0).ToArray();
        var (high, _) = Group(new SequenceRandomSource(draws), high: 3, low: 1);
        var hits = 0;
        for (var i = 0; i < draws.Length; i++)
        {
            hits += high.Test(TestExchange.Create()) ? 1 : 0;
        }

        Assert.Equal(75, hits);
    }

    [Fact]
    public void Test_ZeroWeight_NeverChosen()
    {
        var (high, low) = Group(new SequenceRandomSource(0.0, 0.5, 0.999), high: 5, low: 0);
        for (var i = 0; i < 3; i++)
        {
            var exchange = TestExchange.Create();
            Assert.True(high.Test(exchange));
            Assert.False(low.Test(exchange));
        }
    }

    [Fact]
    public void Test_AllWeightsZero_NoRouteMatches()
    {
        var (high, low) = Group(new SequenceRandomSource(0.3), high: 0, low: 0);
        var exchange = TestExchange.Create();
        Assert.False(high.Test(exchange));
        Assert.False(low.Test(exchange));
    }

    [Fact]
    public void Test_SeparateGroups_DrawIndependently()
    {
        var random = new SequenceRandomSource(0.1, 0.9);
        var factory = new WeightRoutePredicateFactory(random);
        var context = new RouteBuildContext();
        var a1 = Shortcut(factory, "a, 1", context, "a1");
        var a2 = Shortcut(factory, "a, 1", context, "a2");
        var b1 = Shortcut(factory, "b, 1", context, "b1");
        var b2 = Shortcut(factory, "b, 1", context, "b2");
        context.Complete();
        var exchange = TestExchange.Create();
        Assert.True(a1.Test(exchange));
        Assert.False(a2.Test(exchange));
        Assert.False(b1.Test(exchange));
        Assert.True(b2.Test(exchange));
    }

    [Fact]
    public void ToString_DescribesGroupAndWeight_SpringStyle()
    {
        var (high, low) = Group(new SequenceRandomSource(0));
        Assert.Equal("Weight: group1 8", high.ToString());
        Assert.Equal("Weight: group1 2", low.ToString());
    }

    [Fact]
    public void Create_NegativeWeight_ReportsError()
    {
        Shortcut(new WeightRoutePredicateFactory(new SequenceRandomSource(0)), "group1, -3", out var errors);
        var error = SingleError(errors, "weight", "-3 is negative");
        Assert.Contains("0 or more", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WeightNotANumber_ReportsError()
    {
        Shortcut(new WeightRoutePredicateFactory(new SequenceRandomSource(0)), "group1, heavy", out var errors);
        SingleError(errors, "weight", "'heavy' is not a whole number");
    }

    [Fact]
    public void Create_MissingGroupAndWeight_ReportsBoth()
    {
        Shortcut(new WeightRoutePredicateFactory(new SequenceRandomSource(0)), "", out var errors);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Create_SameRouteTwiceInGroup_ReportsError()
    {
        var factory = new WeightRoutePredicateFactory(new SequenceRandomSource(0));
        var context = new RouteBuildContext();
        Shortcut(factory, "group1, 1", context, "route-1");
        Shortcut(factory, "group1, 2", out var errors, context, "route-1");
        SingleError(errors, "group", "already in weight group 'group1'");
    }
}
