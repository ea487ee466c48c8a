using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// <c>After=&lt;datetime&gt;</c>: matches requests that arrive strictly after the date-time (Spring's
/// <c>AfterRoutePredicateFactory</c>).
/// </summary>
internal sealed class AfterRoutePredicateFactory(TimeProvider time) : IRoutePredicateFactory
{
    public string Name => RoutePredicateNames.After;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("datetime");

    public IRoutePredicate Create(ComponentArgs args)
    {
        var datetime = args.GetZonedDateTime("datetime", out var display);
        return new AfterRoutePredicate(time, datetime ?? DateTimeOffset.MaxValue, display);
    }

    private sealed class AfterRoutePredicate(TimeProvider time, DateTimeOffset datetime, string display) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange) => time.GetUtcNow() > datetime;

        public override string ToString() => $"After: {display}";
    }
}
