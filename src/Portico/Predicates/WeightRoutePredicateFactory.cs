using System.Globalization;
using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// <c>Weight=&lt;group&gt;, &lt;weight&gt;</c>: splits the traffic of the routes of a group in proportion to their
/// weights (Spring's <c>WeightRoutePredicateFactory</c>). Each request draws once per group, on first use, and keeps
/// the choice on the exchange, so exactly one route of the group can match it. A weight of 0 takes no traffic.
/// </summary>
internal sealed class WeightRoutePredicateFactory(IWeightRandomSource random) : IRoutePredicateFactory
{
    private const string GroupItemPrefix = "Portico.Predicates.Weight:";

    public string Name => RoutePredicateNames.Weight;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("group", "weight");

    public IRoutePredicate Create(ComponentArgs args)
    {
        var groupName = args.GetRequiredString("group").Trim();
        var weight = ReadWeight(args);
        var routeId = args.RouteId ?? "";
        var key = GroupItemPrefix + groupName;
        if (!args.Context.Items.TryGetValue(key, out var item))
        {
            var created = new WeightGroup(groupName);
            args.Context.Items[key] = item = created;
            args.Context.OnBuilt(created.Freeze);
        }

        var group = (WeightGroup)item;
        if (group.Contains(routeId))
        {
            args.AddError("group", $"the route is already in weight group '{groupName}'.", "Give a route at most one Weight predicate per group.");
        }

        return new WeightRoutePredicate(group, group.Add(routeId, weight), random);
    }

    private static int ReadWeight(ComponentArgs args)
    {
        var text = args.GetString("weight");
        if (string.IsNullOrWhiteSpace(text))
        {
            args.AddError("weight", "is required.", "Write Weight=<group>, <weight>, e.g. Weight=group1, 8.");
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var weight))
        {
            args.AddError("weight", $"'{text}' is not a whole number.", "Write the route's share as a whole number, e.g. 8 (its traffic is weight / sum of the group's weights).");
            return 0;
        }

        if (weight < 0)
        {
            args.AddError("weight", $"{weight} is negative.", "Use 0 or more; 0 sends the route no traffic.");
            return 0;
        }

        return weight;
    }

    private sealed class WeightRoutePredicate(WeightGroup group, WeightMember member, IWeightRandomSource random) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange)
        {
            var attributes = exchange.Attributes;
            if (!attributes.TryGetValue(group.AttributeKey, out var chosen))
            {
                chosen = group.Choose(random.NextDouble());
                attributes[group.AttributeKey] = chosen;
            }

            return ReferenceEquals(chosen, member);
        }

        public override string ToString() => $"Weight: {group.Name} {member.Weight}";
    }
}
