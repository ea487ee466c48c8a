using Microsoft.Net.Http.Headers;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>RedirectTo=302, https://acme.org[, includeRequestParams]</c>: answers with a 3xx status and a <c>Location</c>
/// header instead of routing. With <c>includeRequestParams=true</c> the client's query string is added to the URL.
/// </summary>
internal sealed class RedirectToGatewayFilterFactory : IGatewayFilterFactory
{
    public string Name => GatewayFilterNames.RedirectTo;

    public ShortcutSpec Shortcut { get; } = ShortcutSpec.Fields("status", "url", "includeRequestParams");

    public IGatewayFilter Create(ComponentArgs args)
    {
        var status = args.GetStatus("status");
        if (status != 0 && status is < 300 or > 399)
        {
            args.AddError("status", $"{status} is not a redirection status.", "Use a 3xx status such as 301, 302 (FOUND), 303, 307 or 308.");
        }

        var url = args.GetRequiredString("url").Trim();
        if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.RelativeOrAbsolute, out _) || HeaderValues.HasControlCharacter(url) || url.Contains(' ', StringComparison.Ordinal)))
        {
            args.AddError("url", $"'{url}' is not a valid URL.", "Write an absolute URL such as https://acme.org/path or a path such as /login.");
        }

        var includeRequestParams = args.GetBoolean("includeRequestParams", defaultValue: false);
        return new RedirectToFilter(status, url, includeRequestParams);
    }

    private sealed class RedirectToFilter : IGatewayFilter
    {
        private readonly int _status;
        private readonly string _url;
        private readonly bool _includeRequestParams;

        // The URL split around its query, so the client's parameters can be added without parsing per request.
        private readonly string _beforeQuery;
        private readonly string _ownQuery;
        private readonly string _fragment;
        private readonly string _description;

        public RedirectToFilter(int status, string url, bool includeRequestParams)
        {
            _status = status;
            _url = url;
            _includeRequestParams = includeRequestParams;
            var hash = url.IndexOf('#', StringComparison.Ordinal);
            _fragment = hash < 0 ? string.Empty : url[hash..];
            var withoutFragment = hash < 0 ? url : url[..hash];
            var question = withoutFragment.IndexOf('?', StringComparison.Ordinal);
            _beforeQuery = question < 0 ? withoutFragment : withoutFragment[..question];
            _ownQuery = question < 0 ? string.Empty : withoutFragment[(question + 1)..];
            var description = FilterDescription.Of(GatewayFilterNames.RedirectTo).Bare(status.ToString(System.Globalization.CultureInfo.InvariantCulture), url);
            if (includeRequestParams)
            {
                description.Bare("includeRequestParams", true);
            }

            _description = description.ToString();
        }

        public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
        {
            var response = exchange.Response;
            if (!response.HasStarted)
            {
                response.StatusCode = _status;
                response.Headers[HeaderNames.Location] = Location(exchange.Request.QueryString.Value);
            }

            return default;
        }

        public override string ToString() => _description;

        private string Location(string? requestQuery)
        {
            if (!_includeRequestParams || requestQuery is null || requestQuery.Length <= 1)
            {
                return _url;
            }

            // requestQuery starts with '?'; the URL's own parameters come first.
            return _ownQuery.Length == 0
                ? string.Concat(_beforeQuery, requestQuery, _fragment)
                : $"{_beforeQuery}?{_ownQuery}&{requestQuery.AsSpan(1)}{_fragment}";
        }
    }
}
