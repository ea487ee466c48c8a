using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>RewriteLocationResponseHeader=AS_IN_REQUEST, Location, , </c>: replaces the upstream's <c>host[:port]</c> in a
/// <c>Location</c> response header with the client's <c>Host</c> (or <c>hostValue</c>), so redirects point back at
/// the gateway, and strips a <c>/v1</c>-style version segment according to <c>stripVersion</c>:
/// <c>NEVER_STRIP</c>; <c>AS_IN_REQUEST</c> (the default: strip only when the client's path has no version);
/// <c>ALWAYS_STRIP</c>. Only URLs whose scheme matches <c>protocols</c> (default <c>https?|ftps?</c>) are changed.
/// </summary>
internal sealed class RewriteLocationResponseHeaderGatewayFilterFactory : IGatewayFilterFactory
{
    private const string DefaultProtocols = "https?|ftps?";
    private static readonly TimeSpan MatchTimeout = RegexDefaults.MatchTimeout;

    public string Name => GatewayFilterNames.RewriteLocationResponseHeader;

    // Spring's field names; the documentation's stripVersionMode and protocolsRegex are accepted as aliases.
    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("stripVersion", "locationHeaderName", "hostValue", "protocols");

    internal enum StripVersion
    {
        NeverStrip,
        AsInRequest,
        AlwaysStrip,
    }

    public IGatewayFilter Create(ComponentArgs args)
    {
        var modeField = args.Has("stripVersion") ? "stripVersion" : "stripVersionMode";
        var modeText = args.GetString(modeField);
        var mode = StripVersion.AsInRequest;
        switch (modeText is null ? "asinrequest" : ComponentArgs.Normalize(modeText.Trim()))
        {
            case "asinrequest":
                break;
            case "neverstrip":
                mode = StripVersion.NeverStrip;
                break;
            case "alwaysstrip":
                mode = StripVersion.AlwaysStrip;
                break;
            default:
                args.AddError(modeField, $"'{modeText}' is not a strip-version mode.", "Write NEVER_STRIP, AS_IN_REQUEST (the default) or ALWAYS_STRIP.");
                break;
        }

        var headerName = args.Has("locationHeaderName") ? args.GetHeaderName("locationHeaderName") : HeaderNames.Location;
        var hostValue = args.GetString("hostValue")?.Trim();
        if (hostValue is { Length: 0 })
        {
            hostValue = null;
        }
        else if (hostValue is not null && (HeaderValues.HasControlCharacter(hostValue) || hostValue.Contains('/', StringComparison.Ordinal)))
        {
            args.AddError("hostValue", $"'{hostValue}' is not a host.", "Write host or host:port, e.g. api.example.com:443.");
        }

        var protocolsField = args.Has("protocols") ? "protocols" : "protocolsRegex";
        var protocols = args.GetString(protocolsField)?.Trim() is { Length: > 0 } p ? p : DefaultProtocols;
        Regex hostPort;
        Regex hostPortVersion;
        try
        {
            hostPort = new Regex($"(?<=^(?:{protocols})://)[^:/]+(?::\\d+)?(?=/)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Compiled, MatchTimeout);
            hostPortVersion = new Regex($"(?<=^(?:{protocols})://)[^:/]+(?::\\d+)?(?:/v\\d+)?(?=/)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Compiled, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            args.AddError(protocolsField, $"'{protocols}' is not a valid regular expression: {ex.Message}", "Write an alternation of schemes such as https?|ftps?.");
            hostPort = hostPortVersion = Replacements.NeverMatches;
        }

        var description = FilterDescription.Of(GatewayFilterNames.RewriteLocationResponseHeader)
            .Bare("stripVersion", ModeName(mode)).Quoted("locationHeaderName", headerName).Quoted("hostValue", hostValue).Quoted("protocols", protocols)
            .ToString();
        return new RewriteLocationFilter(mode, headerName, hostValue, hostPort, hostPortVersion, description);
    }

    /// <summary>
    /// <paramref name="location"/> with the first match of <paramref name="pattern"/> (<c>host[:port]</c>, and for the
    /// stripping pattern the <c>/vN</c> after it) replaced by <paramref name="host"/>; the same instance when nothing matched.
    /// </summary>
    internal static string Rewrite(string location, string host, Regex pattern)
    {
        var match = pattern.Match(location);
        return match.Success
            ? string.Concat(location.AsSpan(0, match.Index), host, location.AsSpan(match.Index + match.Length))
            : location;
    }

    /// <summary>Whether a path starts with a version segment such as <c>/v2/</c> (Spring's <c>^/v\d+/.*</c>).</summary>
    internal static bool IsVersioned(ReadOnlySpan<char> path)
    {
        if (path.Length < 4 || path[0] != '/' || path[1] != 'v')
        {
            return false;
        }

        var i = 2;
        while (i < path.Length && char.IsAsciiDigit(path[i]))
        {
            i++;
        }

        return i > 2 && i < path.Length && path[i] == '/';
    }

    private static string ModeName(StripVersion mode) => mode switch
    {
        StripVersion.NeverStrip => "NEVER_STRIP",
        StripVersion.AlwaysStrip => "ALWAYS_STRIP",
        _ => "AS_IN_REQUEST",
    };

    private sealed class RewriteLocationFilter(
        StripVersion mode, string headerName, string? hostValue, Regex hostPort, Regex hostPortVersion, string description)
        : ResponseFilter(description)
    {
        protected override void Apply(GatewayExchange exchange)
        {
            var headers = exchange.Response.Headers;
            if (!headers.TryGetValue(headerName, out var values) || values.Count == 0 || values[0] is not { Length: > 0 } location)
            {
                return;
            }

            var host = hostValue ?? exchange.Request.Headers.Host.ToString();
            if (host.Length == 0)
            {
                return;
            }

            // The version is judged on the path the client sent, before any filter rewrote it.
            var strip = mode == StripVersion.AlwaysStrip
                || (mode == StripVersion.AsInRequest && !IsVersioned(exchange.OriginalPath.Value));
            var rewritten = Rewrite(location, host, strip ? hostPortVersion : hostPort);
            if (!ReferenceEquals(rewritten, location))
            {
                headers[headerName] = rewritten;
            }
        }
    }
}
