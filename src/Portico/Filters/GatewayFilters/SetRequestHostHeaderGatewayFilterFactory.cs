using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>SetRequestHostHeader=example.org</c>: replaces the <c>Host</c> header and asks the forwarder to send it
/// (as Spring's filter, it also sets <see cref="GatewayExchange.PreserveHostHeader"/>).
/// </summary>
internal sealed class SetRequestHostHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.SetRequestHostHeader;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("host");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var host = args.GetRequiredString("host").Trim();
        if (host.Length > 0 && !IsValidHost(host))
        {
            args.AddError("host", $"'{host}' is not a valid host.", "Write a host name or address, optionally with a port: example.org or example.org:8443.");
        }

        return new SetRequestHostHeaderFilter(host);
    }

    private static bool IsValidHost(string host)
    {
        if (HeaderValues.HasControlCharacter(host) || host.Contains(' ', StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        return Uri.CheckHostName(new HostString(host).Host) != UriHostNameType.Unknown;
    }

    private sealed class SetRequestHostHeaderFilter(string host)
        : RequestFilter(FilterDescription.Of(GatewayFilterNames.SetRequestHostHeader).Quoted("host", host).ToString())
    {
        protected override void Apply(GatewayExchange exchange)
        {
            exchange.Request.Headers.Host = host;
            exchange.PreserveHostHeader = true;
        }
    }
}
