using Portico.Configuration;

namespace Portico.Security.Authentication;

/// <summary>
/// The authentication of one configuration: the compiled schemes, what each route requires (from its <c>auth</c>
/// metadata), and the identity headers the gateway owns (removed from every request, then set for authenticated
/// ones).
/// </summary>
internal sealed class AuthenticationPolicies
{
    private static readonly IReadOnlyList<string> MetadataFields = [AuthenticationMetadata.Schemes, AuthenticationMetadata.Scopes, AuthenticationMetadata.Roles];

    private readonly Dictionary<string, RouteAuthentication> _routes;

    private AuthenticationPolicies(Dictionary<string, RouteAuthentication> routes, string[] identityHeaders)
    {
        _routes = routes;
        IdentityHeaders = identityHeaders;
    }

    /// <summary>Policies under which no route is authenticated.</summary>
    public static AuthenticationPolicies Disabled { get; } = new([], []);

    /// <summary>Headers only the gateway may set (<c>subject-header</c>, <c>client-header</c>); a client's copies are dropped.</summary>
    public string[] IdentityHeaders { get; }

    /// <summary>Whether any route requires authentication.</summary>
    public bool HasRoutes => _routes.Count > 0;

    /// <summary>Compiles the schemes and every route's requirement.</summary>
    public static AuthenticationPolicies Compile(PorticoConfig config, JwksFileStore jwksFiles, TimeProvider time, List<ConfigError> errors)
    {
        var jwt = JwtBearerScheme.Compile(config.Authentication.Jwt, jwksFiles, time, errors);
        var apiKey = ApiKeyScheme.Compile(config.Authentication.ApiKey, errors);
        var routes = new Dictionary<string, RouteAuthentication>(StringComparer.Ordinal);
        foreach (var route in config.Routes)
        {
            var section = RouteMetadataSection.Find(route, AuthenticationMetadata.Key);
            if (section is null || string.IsNullOrEmpty(route.Id))
            {
                continue;
            }

            if (ReadRoute(section, config.Authentication, jwt, apiKey, errors) is { } requirement)
            {
                routes[route.Id] = requirement;
            }
        }

        var identityHeaders = new List<string>(2);
        if (jwt?.SubjectHeader is { } subjectHeader)
        {
            identityHeaders.Add(subjectHeader);
        }

        if (apiKey?.ClientHeader is { } clientHeader && !identityHeaders.Contains(clientHeader, StringComparer.OrdinalIgnoreCase))
        {
            identityHeaders.Add(clientHeader);
        }

        return routes.Count == 0 && identityHeaders.Count == 0 ? Disabled : new AuthenticationPolicies(routes, [.. identityHeaders]);
    }

    /// <summary>What the route requires, or null when it is not authenticated.</summary>
    public RouteAuthentication? For(string routeId) => _routes.GetValueOrDefault(routeId);

    private static RouteAuthentication? ReadRoute(RouteMetadataSection section, AuthenticationConfig settings, JwtBearerScheme? jwt, ApiKeyScheme? apiKey, List<ConfigError> errors)
    {
        section.RejectUnknownFields(MetadataFields, errors);
        var names = section.GetList(AuthenticationMetadata.Schemes) ?? [];
        if (section.Value is { } scalar)
        {
            names = [.. scalar.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), .. names];
        }

        var scopes = section.GetList(AuthenticationMetadata.Scopes) ?? [];
        var roles = section.GetList(AuthenticationMetadata.Roles) ?? [];
        if (names.Count == 0)
        {
            errors.Add(section.Error(AuthenticationMetadata.Schemes, "is missing.", "Write auth: jwt, auth: api-key, auth: jwt, api-key or auth: none."));
            return null;
        }

        if (names.Any(n => n.Equals(AuthenticationSchemeNames.None, StringComparison.OrdinalIgnoreCase)))
        {
            if (names.Count > 1 || scopes.Count > 0 || roles.Count > 0)
            {
                errors.Add(section.Error(AuthenticationMetadata.Schemes, "combines 'none' with other requirements.", "Write auth: none alone, or name the schemes."));
            }

            return null;
        }

        var schemes = new List<IAuthenticationScheme>(names.Count);
        foreach (var name in names)
        {
            IAuthenticationScheme? scheme = name.ToLowerInvariant() switch
            {
                AuthenticationSchemeNames.Jwt => jwt,
                AuthenticationSchemeNames.ApiKey => apiKey,
                _ => null,
            };
            if (scheme is null)
            {
                var known = name.Equals(AuthenticationSchemeNames.Jwt, StringComparison.OrdinalIgnoreCase) || name.Equals(AuthenticationSchemeNames.ApiKey, StringComparison.OrdinalIgnoreCase);

                // A scheme that failed to compile has its own errors already; only an unknown or unconfigured one is named here.
                if (!known)
                {
                    errors.Add(section.Error(AuthenticationMetadata.Schemes, $"'{name}' is not a scheme.", "Use jwt, api-key or none."));
                }
                else if (!IsConfigured(name, settings))
                {
                    errors.Add(section.Error(AuthenticationMetadata.Schemes, $"'{name}' is required but not configured.", name.Equals(AuthenticationSchemeNames.Jwt, StringComparison.OrdinalIgnoreCase)
                        ? "Configure portico.authentication.jwt (issuers, audiences, signing-keys or jwks-file)."
                        : "Configure portico.authentication.api-key.clients."));
                }

                continue;
            }

            if (!schemes.Contains(scheme))
            {
                schemes.Add(scheme);
            }
        }

        foreach (var value in scopes.Concat(roles))
        {
            if (value.Contains(' ', StringComparison.Ordinal))
            {
                errors.Add(section.Error(scopes.Contains(value) ? AuthenticationMetadata.Scopes : AuthenticationMetadata.Roles, $"'{value}' contains a space.", "List each scope or role as its own item."));
            }
        }

        // Whatever went wrong above has been recorded, so this configuration will not be used; no route is left open meanwhile.
        return schemes.Count == 0 ? null : new RouteAuthentication([.. schemes], [.. scopes], [.. roles]);
    }

    private static bool IsConfigured(string name, AuthenticationConfig settings) =>
        name.Equals(AuthenticationSchemeNames.Jwt, StringComparison.OrdinalIgnoreCase)
            ? settings.Jwt.SigningKeys.Count > 0 || !string.IsNullOrWhiteSpace(settings.Jwt.JwksFile) || settings.Jwt.Issuers.Count > 0 || settings.Jwt.Audiences.Count > 0
            : settings.ApiKey.Clients.Count > 0;
}
