using System.Net;
using Microsoft.AspNetCore.Http;
using Portico.Configuration;
using Portico.Filters;

namespace Portico.Tests.TestSupport;

/// <summary>Builds exchanges over <see cref="DefaultHttpContext"/> for unit tests of predicates and filters.</summary>
public static class TestExchange
{
    /// <summary>Creates an exchange for <paramref name="method"/> <paramref name="pathAndQuery"/>.</summary>
    public static GatewayExchange Create(
        string method = "GET",
        string pathAndQuery = "/",
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        string host = "gateway.test",
        IPAddress? remoteIp = null,
        PorticoConfig? config = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(host);
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        context.Request.QueryString = q < 0 ? QueryString.Empty : new QueryString(pathAndQuery[q..]);
        context.Connection.RemoteIpAddress = remoteIp ?? IPAddress.Loopback;
        context.Response.Body = new MemoryStream();
        foreach (var (name, value) in headers ?? [])
        {
            context.Request.Headers.Append(name, value);
        }

        return new GatewayExchange(context, config ?? new PorticoConfig());
    }

    /// <summary>Runs <paramref name="filter"/> with a terminal step that records that the chain continued.</summary>
    public static async Task<bool> RunAsync(IGatewayFilter filter, GatewayExchange exchange, Func<GatewayExchange, ValueTask>? terminal = null)
    {
        var reached = false;
        var end = new TerminalFilter(async e =>
        {
            reached = true;
            if (terminal is not null)
            {
                await terminal(e);
            }
        });
        await new GatewayFilterChain([filter, end]).FilterAsync(exchange);
        return reached;
    }

    private sealed class TerminalFilter(Func<GatewayExchange, ValueTask> action) : IGatewayFilter
    {
        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain) => action(exchange);
    }
}
