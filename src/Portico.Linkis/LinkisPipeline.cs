using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Linkis.Parsing;
using Portico.Linkis.Routing;

namespace Portico.Linkis;

/// <summary>
/// The registered parsers and routers sorted once by order (stable: registration order breaks ties), and the per-request
/// context shared by the Linkis filters.
/// </summary>
internal sealed class LinkisPipeline
{
    public LinkisPipeline(
        IEnumerable<ILinkisRequestParser> parsers,
        IEnumerable<ILinkisRouter> routers,
        IEnumerable<ILinkisLocalEndpoint> localEndpoints,
        LinkisSettingsCache settings)
    {
        LocalEndpoints = [.. localEndpoints];
        Parsers = [.. parsers.Select((p, i) => (p, i)).OrderBy(x => x.p.Order).ThenBy(x => x.i).Select(x => x.p)];
        Routers = [.. routers.Select((r, i) => (r, i)).OrderBy(x => x.r.Order).ThenBy(x => x.i).Select(x => x.r)];
        Settings = settings;
    }

    public ILinkisRequestParser[] Parsers { get; }

    public ILinkisRouter[] Routers { get; }

    public LinkisSettingsCache Settings { get; }

    /// <summary>The endpoints the gateway serves itself, in registration order.</summary>
    public ILinkisLocalEndpoint[] LocalEndpoints { get; }

    /// <summary>
    /// The endpoint that serves <paramref name="path"/>, or null: the path must sit below
    /// <see cref="LinkisConfig.RestPrefix"/> and be claimed by one of <see cref="LocalEndpoints"/>.
    /// </summary>
    public ILinkisLocalEndpoint? FindLocalEndpoint(string path, LinkisConfig config)
    {
        if (LocalEndpoints.Length == 0)
        {
            return null;
        }

        var prefix = config.RestPrefix.AsSpan().TrimEnd('/');
        var span = path.AsSpan();
        if (span.Length <= prefix.Length + 1 || !span.StartsWith(prefix, StringComparison.Ordinal) || span[prefix.Length] != '/')
        {
            return null;
        }

        var apiPath = span[(prefix.Length + 1)..];
        foreach (var endpoint in LocalEndpoints)
        {
            if (endpoint.Matches(apiPath))
            {
                return endpoint;
            }
        }

        return null;
    }

    /// <summary>Whether the matched route is one of the Linkis routes; <paramref name="role"/> is its id (see <see cref="LinkisRoutes"/>).</summary>
    public static bool IsLinkisRoute(GatewayExchange exchange, out string role)
    {
        if (exchange.Route.Metadata.TryGetValue(LinkisRoutes.MetadataKey, out var value))
        {
            role = value;
            return true;
        }

        role = "";
        return false;
    }

    /// <summary>The request's context, created by the first Linkis filter that needs it.</summary>
    public LinkisRequestContext ContextOf(GatewayExchange exchange)
    {
        var features = exchange.HttpContext.Features;
        var context = features.Get<LinkisRequestContext>();
        if (context is null)
        {
            context = new LinkisRequestContext(exchange, Settings.Get(exchange.Config.Linkis));
            features.Set(context);
        }

        return context;
    }

    /// <summary>
    /// Parses (§2: the parsers, then the default rules when none chose a target), routes (§3: the routers in order, the
    /// first target wins) and resolves the application against the registry. Returns null when an answer was committed
    /// on the context or for the legacy <c>/dws/</c> prefix; resolution failures throw <see cref="Messages.LinkisErrorException"/>.
    /// </summary>
    public async ValueTask<ServiceTarget?> DecideAsync(LinkisRequestContext context, ServiceResolver resolver, CancellationToken cancellationToken)
    {
        foreach (var parser in Parsers)
        {
            parser.Parse(context);
            if (context.IsAnswered)
            {
                return null;
            }
        }

        if (context.Target is null)
        {
            DefaultParseRules.Apply(context);
            if (context.IsAnswered || context.Target is null)
            {
                return null;
            }
        }

        var parsed = context.Target;
        ServiceTarget? chosen = null;
        foreach (var router in Routers)
        {
            chosen = await router.RouteAsync(context);
            if (context.IsAnswered)
            {
                return null;
            }

            if (chosen is not null)
            {
                break;
            }
        }

        return await resolver.ResolveAsync(context, chosen ?? parsed, cancellationToken);
    }

    /// <summary>Whether Linkis inspects this request's body (§2.2): not a GET, and below the user URI or asked for by a parser.</summary>
    public bool NeedsBody(LinkisRequestContext context)
    {
        if (HttpMethods.IsGet(context.Method))
        {
            return false;
        }

        if (context.Path.StartsWith(context.Compiled.UserUriPrefix, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var parser in Parsers)
        {
            if (parser.WantsBody(context))
            {
                return true;
            }
        }

        return false;
    }
}
