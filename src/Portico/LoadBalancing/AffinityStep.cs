using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>
/// Pins the request to the instance it names, by header (<c>FIXED_INSTANCE: host:port</c>) or sticky cookie, when that
/// instance is still a candidate. Otherwise it records why not (malformed, unknown, not UP, not allowed), and later
/// steps balance over the candidates as usual. Health is judged by the next step, which unpins an unhealthy instance.
/// </summary>
internal sealed class AffinityStep : IInstanceSelectionStep
{
    public int Order => InstanceSelectionStepOrder.Affinity;

    public void Apply(InstanceSelectionContext context)
    {
        var affinity = context.Settings.Affinity;
        switch (affinity.Mode)
        {
            case AffinityMode.Header:
                ApplyHeader(context, affinity.HeaderName);
                break;
            case AffinityMode.Cookie:
                ApplyCookie(context, AffinityKey.CookieName(context.ServiceId, affinity));
                break;
        }
    }

    private static void ApplyHeader(InstanceSelectionContext context, string headerName)
    {
        var values = context.Exchange.Request.Headers[headerName];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            return;
        }

        var text = values.Count == 1 ? values[0]! : values.ToString();
        context.RequestInstance(text);
        if (values.Count > 1 || !AffinityKey.TryParseAuthority(text, out var host, out var port))
        {
            context.FailOver(AffinityFailoverReason.Malformed);
            return;
        }

        foreach (var candidate in context.Candidates)
        {
            if (AffinityKey.Matches(candidate, host, port))
            {
                context.Pin(candidate);
                return;
            }
        }

        var reason = AffinityFailoverReason.Unknown;
        foreach (var registered in context.Registered)
        {
            if (AffinityKey.Matches(registered, host, port))
            {
                reason = CloserToServing(reason, registered.Status == InstanceStatus.Up ? AffinityFailoverReason.NotAllowed : AffinityFailoverReason.NotUp);
            }
        }

        context.FailOver(reason);
    }

    private static void ApplyCookie(InstanceSelectionContext context, string cookieName)
    {
        if (!context.Exchange.Request.Cookies.TryGetValue(cookieName, out var text) || string.IsNullOrEmpty(text))
        {
            return;
        }

        context.RequestInstance(text);
        if (!AffinityKey.TryParseCookie(text, out var key))
        {
            context.FailOver(AffinityFailoverReason.Malformed);
            return;
        }

        foreach (var candidate in context.Candidates)
        {
            if (AffinityKey.CookieKey(candidate) == key)
            {
                context.Pin(candidate);
                return;
            }
        }

        var reason = AffinityFailoverReason.Unknown;
        foreach (var registered in context.Registered)
        {
            if (AffinityKey.CookieKey(registered) == key)
            {
                reason = registered.Status == InstanceStatus.Up ? AffinityFailoverReason.NotAllowed : AffinityFailoverReason.NotUp;
                break;
            }
        }

        context.FailOver(reason);
    }

    // Two registrations can share an address (e.g. a stale and a fresh one); report the one closest to serving.
    private static AffinityFailoverReason CloserToServing(AffinityFailoverReason current, AffinityFailoverReason candidate) =>
        current == AffinityFailoverReason.Unknown || candidate == AffinityFailoverReason.NotAllowed ? candidate : current;
}
