using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// <c>Host=&lt;pattern&gt;[, ...]</c>: matches the <c>Host</c> header against Ant-style patterns with <c>.</c> as the
/// separator (Spring's <c>HostRoutePredicateFactory</c>), e.g. <c>**.somehost.org</c> or <c>{sub}.myhost.org</c>, whose
/// variables become URI variables. As in Spring, the port is part of the matched value unless
/// <c>predicate.host.include-port</c> is false. Labels compare case-insensitively.
/// </summary>
internal sealed class HostRoutePredicateFactory : IRoutePredicateFactory
{
    public string Name => RoutePredicateNames.Host;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.GatherList("patterns");

    public IRoutePredicate Create(ComponentArgs args)
    {
        var texts = args.GetNonBlankList("patterns", "**.example.org");
        var patterns = new List<HostPattern>(texts.Count);
        foreach (var text in texts)
        {
            if (HostPattern.Parse(text, out var error) is { } pattern)
            {
                patterns.Add(pattern);
            }
            else
            {
                args.AddError("patterns", error!, "Write an Ant-style host pattern such as **.example.org, {sub}.example.org or api.example.org.");
            }
        }

        return new HostRoutePredicate([.. patterns], texts);
    }

    private sealed class HostRoutePredicate(HostPattern[] patterns, IReadOnlyList<string> texts) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange)
        {
            var header = exchange.Request.Headers.Host;
            if (header.Count == 0 || header[0] is not { Length: > 0 } hostHeader)
            {
                return false;
            }

            var host = exchange.Config.Predicate.Host.IncludePort ? hostHeader.AsSpan() : WithoutPort(hostHeader);
            Span<Range> buffer = stackalloc Range[HostPattern.MaxLabels];
            var count = HostPattern.Tokenize(host, buffer);
            if (count < 0)
            {
                return false;
            }

            var labels = buffer[..count];
            foreach (var pattern in patterns)
            {
                if (pattern.Matches(host, labels))
                {
                    if (pattern.HasVariables)
                    {
                        pattern.ExtractVariables(host.ToString(), exchange.UriVariables);
                    }

                    return true;
                }
            }

            return false;
        }

        public override string ToString() => $"Hosts: {PredicateArgs.FormatList(texts)}";

        // "[::1]:8080" -> "[::1]", "example.org:8080" -> "example.org", as ASP.NET Core's HostString.Host does.
        private static ReadOnlySpan<char> WithoutPort(ReadOnlySpan<char> host)
        {
            if (host[0] == '[')
            {
                var close = host.IndexOf(']');
                return close < 0 ? host : host[..(close + 1)];
            }

            var colon = host.IndexOf(':');
            return colon < 0 ? host : host[..colon];
        }
    }
}
