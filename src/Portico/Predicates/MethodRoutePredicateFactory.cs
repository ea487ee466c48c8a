using Microsoft.AspNetCore.Http;
using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>
/// <c>Method=&lt;method&gt;[, ...]</c>: matches the request method (Spring's <c>MethodRoutePredicateFactory</c>).
/// Configured names are accepted in any case; request methods are case-sensitive, as HTTP defines them.
/// </summary>
internal sealed class MethodRoutePredicateFactory : IRoutePredicateFactory
{
    private static readonly string[] KnownMethods =
    [
        HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch,
        HttpMethods.Delete, HttpMethods.Options, HttpMethods.Trace, HttpMethods.Connect,
    ];

    public string Name => RoutePredicateNames.Method;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.GatherList("methods");

    public IRoutePredicate Create(ComponentArgs args)
    {
        var texts = args.GetNonBlankList("methods", "GET,POST");
        var methods = new List<string>(texts.Count);
        foreach (var text in texts)
        {
            var known = Array.Find(KnownMethods, m => m.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                args.AddError("methods", $"'{text}' is not an HTTP method.", $"Use one of {string.Join(", ", KnownMethods)}.");
            }
            else if (!methods.Contains(known))
            {
                // HttpMethods' constants are the strings Kestrel hands out, so the comparison is usually by reference.
                methods.Add(known);
            }
        }

        return new MethodRoutePredicate([.. methods]);
    }

    private sealed class MethodRoutePredicate(string[] methods) : IRoutePredicate
    {
        public bool Test(GatewayExchange exchange)
        {
            var method = exchange.Request.Method;
            foreach (var m in methods)
            {
                if (ReferenceEquals(m, method) || string.Equals(m, method, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        public override string ToString() => $"Methods: {PredicateArgs.FormatList(methods)}";
    }
}
