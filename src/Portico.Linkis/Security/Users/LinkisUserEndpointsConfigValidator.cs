using Microsoft.Extensions.DependencyInjection;
using Portico.Configuration;

namespace Portico.Security.Linkis.Users;

/// <summary>
/// Checks the user-endpoint settings on every load and reload while Linkis security is on: a complete OAuth client when
/// OAuth login is on, and a registered <see cref="ILinkisSsoInterceptor"/> when single sign-on is.
/// </summary>
internal sealed class LinkisUserEndpointsConfigValidator(IServiceProviderIsService services) : IPorticoConfigValidator
{
    private const string Section = "linkis-security.user-endpoints.";

    public void Validate(PorticoConfig config, List<ConfigError> errors)
    {
        var security = config.LinkisSecurity;
        if (!security.Enabled)
        {
            return;
        }

        var endpoints = security.UserEndpoints;
        if (endpoints.SsoEnabled && !services.IsService(typeof(ILinkisSsoInterceptor)))
        {
            Add(errors, "sso-enabled", "is on, but no single-sign-on interceptor is registered.", "Register one with services.AddLinkisSsoInterceptor<T>(), or switch sso-enabled off.");
        }

        var oauth = endpoints.OAuth;
        if (!oauth.Enabled)
        {
            return;
        }

        CheckUrl(errors, "oauth.authentication-url", oauth.AuthenticationUrl, "the authorization server's authorize page");
        CheckUrl(errors, "oauth.exchange-url", oauth.ExchangeUrl, "the token endpoint the code is exchanged at");
        CheckUrl(errors, "oauth.validate-url", oauth.ValidateUrl, "the user-info endpoint");
        if (string.IsNullOrWhiteSpace(oauth.ClientId))
        {
            Add(errors, "oauth.client-id", "is empty while OAuth login is on.", "Set the client id the authorization server issued (wds.linkis.gateway.auth.oauth.client.id).");
        }

        if (string.IsNullOrWhiteSpace(oauth.ValidateField))
        {
            Add(errors, "oauth.validate-field", "is empty while OAuth login is on.", "Name the user-info field that holds the user name, e.g. login (wds.linkis.gateway.auth.oauth.validate.field).");
        }

        if (oauth.Timeout <= TimeSpan.Zero)
        {
            Add(errors, "oauth.timeout", $"is {oauth.Timeout}.", "Write a positive duration such as 10s.");
        }
    }

    private static void CheckUrl(List<ConfigError> errors, string field, string value, string what)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Add(errors, field, value.Length == 0 ? "is empty while OAuth login is on." : $"'{value}' is not an absolute http or https URL.", $"Write the absolute URL of {what}, starting with https:// (or http:// on a trusted network).");
        }
    }

    private static void Add(List<ConfigError> errors, string field, string problem, string fix) =>
        errors.Add(new ConfigError(null, Section + field, problem, fix));
}
