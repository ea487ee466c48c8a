namespace Portico.Predicates;

/// <summary>The names of the built-in route predicates, as written in configuration (Spring Cloud Gateway's names).</summary>
public static class RoutePredicateNames
{
    /// <summary>Matches requests after a date-time: <c>After=2017-01-20T17:42:47.789-07:00[America/Denver]</c>.</summary>
    public const string After = "After";

    /// <summary>Matches requests before a date-time.</summary>
    public const string Before = "Before";

    /// <summary>Matches requests between two date-times.</summary>
    public const string Between = "Between";

    /// <summary>Matches a cookie whose value matches a regular expression: <c>Cookie=chocolate, ch.p</c>.</summary>
    public const string Cookie = "Cookie";

    /// <summary>Matches a header, present or with a value matching a regular expression: <c>Header=X-Request-Id, \d+</c>.</summary>
    public const string Header = "Header";

    /// <summary>Matches the <c>Host</c> header against Ant-style patterns: <c>Host=**.somehost.org</c>.</summary>
    public const string Host = "Host";

    /// <summary>Matches the request method: <c>Method=GET,POST</c>.</summary>
    public const string Method = "Method";

    /// <summary>Matches the path against Spring path patterns: <c>Path=/red/{segment},/blue/**</c>.</summary>
    public const string Path = "Path";

    /// <summary>Matches a query parameter, present or with a value matching a regular expression: <c>Query=green</c>.</summary>
    public const string Query = "Query";

    /// <summary>Matches the client's socket address against addresses and CIDR ranges: <c>RemoteAddr=192.168.1.1/24</c>.</summary>
    public const string RemoteAddr = "RemoteAddr";

    /// <summary>Matches the client address taken from <c>X-Forwarded-For</c> against addresses and CIDR ranges.</summary>
    public const string XForwardedRemoteAddr = "XForwardedRemoteAddr";

    /// <summary>Splits the traffic of a group of routes by weight: <c>Weight=group1, 8</c>.</summary>
    public const string Weight = "Weight";
}
