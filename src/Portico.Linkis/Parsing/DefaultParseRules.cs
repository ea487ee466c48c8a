using Portico.Discovery;
using Portico.Linkis.Messages;

namespace Portico.Linkis.Parsing;

/// <summary>
/// The rules Linkis applies when no parser chose a target (§2.4), in order: the client heartbeat (answered by the
/// gateway), the common rule <c>/api/rest_x/vN/&lt;serviceId&gt;/...</c> (with the public-service, data-source and
/// manager aliases, matched case-sensitively), the legacy <c>/dws/</c> prefix, and otherwise an error.
/// </summary>
internal static class DefaultParseRules
{
    private const string DwsPrefix = "/dws/";

    public static void Apply(LinkisRequestContext context)
    {
        var api = context.ApiPath;
        if (api.IsMatch && api.RestIsLettersOnly)
        {
            if (api.Remainder.SequenceEqual("gateway/heartbeat"))
            {
                if (context.CheckVersion(api.Version))
                {
                    context.Respond(Heartbeat(context));
                }

                return;
            }

            if (api.TryMatchSegmentAndMore("", out var serviceId))
            {
                if (context.CheckVersion(api.Version))
                {
                    context.Target = MapServiceId(context.Compiled, serviceId);
                }

                return;
            }
        }

        if (context.Path.StartsWith(DwsPrefix, StringComparison.Ordinal))
        {
            // The legacy static proxy; the routing filter answers it (Portico serves it only through configured routes).
            context.IsLegacyProxy = true;
            return;
        }

        context.Fail(LinkisErrors.NoServiceForPath(context.Path));
    }

    /// <summary>The application for a service id of the common rule; unknown ids are resolved against the registry later.</summary>
    internal static ServiceTarget MapServiceId(LinkisSettings settings, ReadOnlySpan<char> serviceId)
    {
        if (settings.Config.PublicServiceEnabled && settings.PublicServices.Contains(serviceId))
        {
            return settings.PublicServiceTarget;
        }

        if (settings.DataSourceServices.Contains(serviceId))
        {
            return settings.DataSourceTarget;
        }

        return settings.ManagerServices.Contains(serviceId) ? settings.ManagerTarget : new ServiceTarget(serviceId.ToString());
    }

    /// <summary>
    /// <c>Gateway heartbeat ok!</c> with <c>gatewayList</c> (this node first, then the other registered instances of the
    /// gateway application) and <c>isHealthy: true</c>.
    /// </summary>
    private static LinkisMessage Heartbeat(LinkisRequestContext context)
    {
        var self = LinkisNode.Instance(context.Exchange.HttpContext, context.Compiled);
        var gateways = new List<string> { self };
        foreach (var instance in context.Registry.GetInstances(context.Settings.GatewayApplication))
        {
            if (instance.Status == InstanceStatus.Up && !gateways.Contains(instance.Authority))
            {
                gateways.Add(instance.Authority);
            }
        }

        return LinkisMessage.Ok(LinkisErrors.HeartbeatOk).WithData("gatewayList", gateways).WithData("isHealthy", true);
    }
}
