namespace Portico.Filters.GatewayFilters;

/// <summary>The names of the built-in route filters, as written in configuration (Spring Cloud Gateway's names).</summary>
public static class GatewayFilterNames
{
    /// <summary>Appends a header to the request.</summary>
    public const string AddRequestHeader = "AddRequestHeader";

    /// <summary>Adds request headers that the client did not send.</summary>
    public const string AddRequestHeadersIfNotPresent = "AddRequestHeadersIfNotPresent";

    /// <summary>Appends a query parameter to the request.</summary>
    public const string AddRequestParameter = "AddRequestParameter";

    /// <summary>Appends a header to the response.</summary>
    public const string AddResponseHeader = "AddResponseHeader";

    /// <summary>Removes duplicate values of response headers.</summary>
    public const string DedupeResponseHeader = "DedupeResponseHeader";

    /// <summary>Copies the values of one request header into another.</summary>
    public const string MapRequestHeader = "MapRequestHeader";

    /// <summary>Prepends a path to the request path.</summary>
    public const string PrefixPath = "PrefixPath";

    /// <summary>Sends the client's Host header upstream.</summary>
    public const string PreserveHostHeader = "PreserveHostHeader";

    /// <summary>Answers with a redirect instead of routing.</summary>
    public const string RedirectTo = "RedirectTo";

    /// <summary>Removes a request header.</summary>
    public const string RemoveRequestHeader = "RemoveRequestHeader";

    /// <summary>Removes a query parameter from the request.</summary>
    public const string RemoveRequestParameter = "RemoveRequestParameter";

    /// <summary>Removes a response header.</summary>
    public const string RemoveResponseHeader = "RemoveResponseHeader";

    /// <summary>Refuses requests with an oversized header (431).</summary>
    public const string RequestHeaderSize = "RequestHeaderSize";

    /// <summary>Refuses requests with an oversized body (413).</summary>
    public const string RequestSize = "RequestSize";

    /// <summary>Replaces the upstream's host (and version) in a Location response header.</summary>
    public const string RewriteLocationResponseHeader = "RewriteLocationResponseHeader";

    /// <summary>Rewrites the request path with a regular expression.</summary>
    public const string RewritePath = "RewritePath";

    /// <summary>Rewrites the values of a response header with a regular expression.</summary>
    public const string RewriteResponseHeader = "RewriteResponseHeader";

    /// <summary>Adds security headers to the response.</summary>
    public const string SecureHeaders = "SecureHeaders";

    /// <summary>Replaces the request path from a template.</summary>
    public const string SetPath = "SetPath";

    /// <summary>Replaces a request header.</summary>
    public const string SetRequestHeader = "SetRequestHeader";

    /// <summary>Replaces the Host header sent upstream.</summary>
    public const string SetRequestHostHeader = "SetRequestHostHeader";

    /// <summary>Replaces a response header.</summary>
    public const string SetResponseHeader = "SetResponseHeader";

    /// <summary>Replaces the response status.</summary>
    public const string SetStatus = "SetStatus";

    /// <summary>Removes leading segments from the request path.</summary>
    public const string StripPrefix = "StripPrefix";
}
