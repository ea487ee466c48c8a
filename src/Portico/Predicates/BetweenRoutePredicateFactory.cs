using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// <c>Between=&lt;datetime1&gt;, &lt;datetime2&gt;</c>: matches requests that arrive strictly after the first
/// date-time and strictly before the second (Spring's <c>BetweenRoutePredicateFactory</c>).
/// </summary>
internal sealed class BetweenRoutePredicateFactory(TimeProvider time) : IRoutePredicateFactory
{
    public string Name => RoutePredicateNames.Between;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("datetime1", "datetime2");

    public IRoutePredicate Create(ComponentArgs args)
    {
        var start = args.GetZonedDateTime("datetime1", out var startDisplay);
        var end = args.GetZonedDateTime("datetime2", out var endDisplay);
        if (start is not null && end is not null && start >= end)
        {
            args.AddError("datetime2", $"{endDisplay} is not after datetime1 {startDisplay}.", "Give the earlier date-time first: Between=<start>, <end>.");
        }

        return new BetweenRoutePredicate(time, start ?? DateTimeOffset.MaxValue, end ?? DateTimeOffset.MinValue, startDisplay, endDisplay);
    }

    private sealed class BetweenRoutePredicate(TimeProvider time, DateTimeOffset start, DateTimeOffset end, string startDisplay, string endDisplay) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange)
        {
            var now = time.GetUtcNow();
            return now > start && now < end;
        }

        public override string ToString() => $"Between: {startDisplay} and {endDisplay}";
    }
}
