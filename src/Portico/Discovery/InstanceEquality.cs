namespace Portico.Discovery;

/// <summary>Value comparisons the records' generated equality cannot do (dictionaries compare by reference).</summary>
internal static class InstanceEquality
{
    public static bool SameMetadata(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether two records describe the same registration for registry clients: everything but the heartbeat and the
    /// bookkeeping times. A difference is a MODIFIED delta.
    /// </summary>
    public static bool SameRegistration(ServiceInstance a, ServiceInstance b) =>
        string.Equals(a.AppName, b.AppName, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.InstanceId, b.InstanceId, StringComparison.Ordinal)
        && string.Equals(a.Host, b.Host, StringComparison.Ordinal)
        && a.Port == b.Port
        && string.Equals(a.Scheme, b.Scheme, StringComparison.Ordinal)
        && a.Status == b.Status
        && a.ReportedStatus == b.ReportedStatus
        && a.OverriddenStatus == b.OverriddenStatus
        && a.Weight == b.Weight
        && a.LeaseDuration == b.LeaseDuration
        && a.RenewalInterval == b.RenewalInterval
        && string.Equals(a.Source, b.Source, StringComparison.Ordinal)
        && a.Details == b.Details
        && SameMetadata(a.Metadata, b.Metadata);
}
