using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// <c>Before=&lt;datetime&gt;</c>: matches requests that arrive strictly before the date-time (Spring's
/// <c>BeforeRoutePredicateFactory</c>).
/// </summary>
internal sealed class BeforeRoutePredicateFactory(TimeProvider time) : IRoutePredicateFactory
{
    public string Name => RoutePredicateNames.Before;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("datetime");

    public IRoutePredicate Create(ComponentArgs args)
    {
        var datetime = args.GetZonedDateTime("datetime", out var display);
        return new BeforeRoutePredicate(time, datetime ?? DateTimeOffset.MinValue, display);
    }

    private sealed class BeforeRoutePredicate(TimeProvider time, DateTimeOffset datetime, string display) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange) => time.GetUtcNow() < datetime;

        public override string ToString() => $"Before: {display}";
    }
}
