using Portico.Configuration;
using Portico.Predicates;

namespace Portico.Tests.Predicates;

/// <summary>Builds predicates from either configuration notation and exposes the errors recorded.</summary>
internal static class PredicateTestHelper
{
    /// <summary>Creates from the shortcut notation (<c>Name=args</c>) and asserts there were no errors.</summary>
    public static IRoutePredicate Shortcut(IRoutePredicateFactory factory, string args, RouteBuildContext? context = null, string routeId = "route-1")
    {
        var predicate = Shortcut(factory, args, out var errors, context, routeId);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        return predicate;
    }

    /// <summary>Creates from the shortcut notation and returns the errors recorded.</summary>
    public static IRoutePredicate Shortcut(IRoutePredicateFactory factory, string args, out List<ConfigError> errors, RouteBuildContext? context = null, string routeId = "route-1")
    {
        errors = [];
        var config = ComponentConfig.Parse(args.Length == 0 ? factory.Name : factory.Name + "=" + args);
        var bound = ComponentArgs.Bind(config, factory.Shortcut, routeId, "predicates[0]", errors, context);
        return factory.Create(bound);
    }

    /// <summary>Creates from the expanded notation (named args; a list is several values) and returns the errors.</summary>
    public static IRoutePredicate Expanded(IRoutePredicateFactory factory, out List<ConfigError> errors, params (string Name, string[] Values)[] args)
    {
        errors = [];
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in args)
        {
            map[name] = values;
        }

        var bound = ComponentArgs.Bind(new ComponentConfig(factory.Name, [], map), factory.Shortcut, "route-1", "predicates[0]", errors);
        return factory.Create(bound);
    }

    /// <summary>Creates from the expanded notation and asserts there were no errors.</summary>
    public static IRoutePredicate Expanded(IRoutePredicateFactory factory, params (string Name, string[] Values)[] args)
    {
        var predicate = Expanded(factory, out var errors, args);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        return predicate;
    }

    /// <summary>Asserts exactly one error on <paramref name="field"/> whose problem contains <paramref name="problemPart"/>.</summary>
    public static ConfigError SingleError(List<ConfigError> errors, string field, string problemPart)
    {
        var error = Assert.Single(errors);
        Assert.Equal("route-1", error.RouteId);
        Assert.EndsWith(".args." + field, error.Field, StringComparison.Ordinal);
        Assert.Contains(problemPart, error.Problem, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.Fix));
        return error;
    }
}

/// <summary>A clock that stands still at a chosen instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Returns the draws it is given, in order, then repeats the last.</summary>
internal sealed class SequenceRandomSource(params double[] draws) : IWeightRandomSource
{
    private int _next;

    public int Calls => _next;

    public double NextDouble() => draws[Math.Min(_next++, draws.Length - 1)];
}
