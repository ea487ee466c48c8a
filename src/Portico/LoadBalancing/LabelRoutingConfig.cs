using Portico.Configuration;
using Portico.Labels;

namespace Portico.LoadBalancing;

/// <summary>
/// Label routing of one service (<c>services.&lt;service-id&gt;.labels</c>): requests that carry routing labels go
/// only to instances labelled with them, and requests without go only to unlabelled instances.
/// </summary>
public sealed record LabelRoutingConfig
{
    /// <summary>
    /// Switches label routing on or off. Unset, it is on for the services the Linkis routes label-route (the entrance
    /// and <c>linkis.label-routed-services</c>) and off for every other service.
    /// </summary>
    public bool? Enabled { get; init; }

    /// <summary>
    /// The label keys that take part in routing; a request's other labels (Linkis sends <c>engineType</c>,
    /// <c>userCreator</c>, ...) are ignored. An instance matches when it carries every requested routing key with one of
    /// the requested values.
    /// </summary>
    public IReadOnlyList<string> RoutingKeys { get; init; } = ["route"];

    /// <summary>
    /// When the requested labels match no available instance, use the unlabelled instances instead of failing (Linkis
    /// fails with 11011).
    /// </summary>
    public bool FallbackToUnlabeled { get; init; }

    /// <inheritdoc />
    public bool Equals(LabelRoutingConfig? other) =>
        other is not null
        && Enabled == other.Enabled
        && RoutingKeys.SequenceEqual(other.RoutingKeys)
        && FallbackToUnlabeled == other.FallbackToUnlabeled;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Enabled, RoutingKeys.Count, FallbackToUnlabeled);

    /// <summary>Reports routing keys that are not valid label keys, repeated, or missing while routing is on.</summary>
    internal static void Validate(LabelRoutingConfig config, string path, List<ConfigError> errors)
    {
        var field = path + ".labels.routing-keys";
        if (config.RoutingKeys.Count == 0 && config.Enabled == true)
        {
            errors.Add(new ConfigError(null, field, "is empty while label routing is enabled.", "List the keys that route, such as [route]."));
        }

        for (var i = 0; i < config.RoutingKeys.Count; i++)
        {
            var key = config.RoutingKeys[i];
            if (LabelRules.KeyProblem(key) is { } problem)
            {
                errors.Add(new ConfigError(null, $"{field}[{i}]", problem, "Write a label key such as route or tenant."));
            }
            else if (config.RoutingKeys.Take(i).Contains(key, StringComparer.Ordinal))
            {
                errors.Add(new ConfigError(null, $"{field}[{i}]", $"'{key}' is listed twice.", "List each routing key once."));
            }
        }
    }
}
