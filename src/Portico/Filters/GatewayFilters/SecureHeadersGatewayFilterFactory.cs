using Microsoft.Extensions.Primitives;
using Portico.Configuration;

namespace Portico.Filters.GatewayFilters;

/// <summary>
/// <c>SecureHeaders</c>: adds Spring Cloud Gateway's recommended security headers to responses that do not already
/// carry them. Each value can be overridden by its argument (e.g. <c>frameOptions: SAMEORIGIN</c>); <c>disable</c>
/// lists headers to leave out; <c>enable: permissions-policy</c> opts in to <c>Permissions-Policy</c> (also enabled
/// by giving <c>permissionsPolicy</c> a value).
/// </summary>
internal sealed class SecureHeadersGatewayFilterFactory : IGatewayFilterFactory
{
    /// <summary>The headers, their argument names and Spring's defaults. Only the last is opt-in.</summary>
    internal static readonly SecureHeader[] Headers =
    [
        new("X-Xss-Protection", "xssProtectionHeader", "1 ; mode=block"),
        new("Strict-Transport-Security", "strictTransportSecurity", "max-age=631138519"),
        new("X-Frame-Options", "frameOptions", "DENY"),
        new("X-Content-Type-Options", "contentTypeOptions", "nosniff"),
        new("Referrer-Policy", "referrerPolicy", "no-referrer"),
        new("Content-Security-Policy", "contentSecurityPolicy",
            "default-src 'self' https:; font-src 'self' https: data:; img-src 'self' https: data:; object-src 'none'; script-src https:; style-src 'self' https: 'unsafe-inline'"),
        new("X-Download-Options", "downloadOptions", "noopen"),
        new("X-Permitted-Cross-Domain-Policies", "permittedCrossDomainPolicies", "none"),
        new("Permissions-Policy", "permissionsPolicy",
            "accelerometer=(), ambient-light-sensor=(), autoplay=(), battery=(), camera=(), cross-origin-isolated=(), display-capture=(), document-domain=(), "
            + "encrypted-media=(), execution-while-not-rendered=(), execution-while-out-of-viewport=(), fullscreen=(), geolocation=(), gyroscope=(), keyboard-map=(), "
            + "magnetometer=(), microphone=(), midi=(), navigation-override=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
            + "sync-xhr=(), usb=(), web-share=(), xr-spatial-tracking=()",
            OptIn: true),
    ];

    public string Name => GatewayFilterNames.SecureHeaders;

    public ShortcutSpec Shortcut => ShortcutSpec.None;

    public IGatewayFilter Create(ComponentArgs args)
    {
        var disabled = ReadNames(args, "disable");
        var enabled = ReadNames(args, "enable");
        var description = FilterDescription.Of(GatewayFilterNames.SecureHeaders);
        var applied = new List<KeyValuePair<string, StringValues>>(Headers.Length);
        foreach (var header in Headers)
        {
            var field = header.Field;
            var value = args.GetString(field);

            // Spring's route configuration spells the opt-in header's field without the plural 's'.
            if (value is null && header.OptIn)
            {
                field = "permissionPolicy";
                value = args.GetString(field);
            }

            if (value is not null && HeaderValues.HasControlCharacter(value))
            {
                args.AddError(field, "contains a line break or another control character.", "Write the header value on one line without control characters.");
            }

            var on = !disabled.Contains(header.Name) && (!header.OptIn || enabled.Contains(header.Name) || value is not null);
            if (on)
            {
                applied.Add(new(header.Name, value?.Trim() ?? header.DefaultValue));
                if (value is not null)
                {
                    description.Quoted(header.Field, value.Trim());
                }
            }
        }

        if (disabled.Count > 0)
        {
            description.Quoted("disable", string.Join(", ", disabled));
        }

        if (enabled.Count > 0)
        {
            description.Quoted("enable", string.Join(", ", enabled));
        }

        return new SecureHeadersFilter([.. applied], description.ToString());
    }

    private static SortedSet<string> ReadNames(ComponentArgs args, string field)
    {
        var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in args.GetList(field, required: false))
        {
            var known = Array.Find(Headers, h => string.Equals(h.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                args.AddError(field, $"'{name}' is not one of the secure headers.", $"Use one of: {string.Join(", ", Array.ConvertAll(Headers, h => h.Name.ToLowerInvariant()))}.");
                continue;
            }

            names.Add(known.Name);
        }

        return names;
    }

    /// <summary>A security header, the argument that overrides its value, and Spring's default value.</summary>
    internal sealed record SecureHeader(string Name, string Field, string DefaultValue, bool OptIn = false);

    private sealed class SecureHeadersFilter(KeyValuePair<string, StringValues>[] headers, string description) : ResponseFilter(description)
    {
        protected override void Apply(GatewayExchange exchange)
        {
            var response = exchange.Response.Headers;
            foreach (var (name, value) in headers)
            {
                // Added only when absent: an upstream's own policy wins, as with Spring's addIfAbsent.
                if (!response.ContainsKey(name))
                {
                    response[name] = value;
                }
            }
        }
    }
}
