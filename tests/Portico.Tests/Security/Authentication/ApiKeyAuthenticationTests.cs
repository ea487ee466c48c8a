using System.Text.Json;
using Portico.Security.Authentication;

namespace Portico.Tests.Security.Authentication;

public class ApiKeyAuthenticationTests
{
    private const string BillingKey = "billing-key-7f3a9c";
    private const string ReportsKey = "reports-key-1b2c3d";

    private static readonly string Config = $"""
        portico:
          authentication:
            api-key:
              client-header: X-Auth-Client
              clients:
                - name: billing
                  key-sha256: {ApiKeyHash.Compute(BillingKey)}
                  scopes: [invoices.write]
                - name: reports
                  key-sha256: {ApiKeyHash.Compute(ReportsKey).ToUpperInvariant()}
                  roles: [reader]
          routes:
            - id: invoices
              uri: http://upstream.test
              metadata:
                auth: api-key
            - id: write
              uri: http://upstream.test
              metadata:
                auth:
                  schemes: api-key
                  scopes: invoices.write
            - id: read
              uri: http://upstream.test
              metadata:
                auth:
                  schemes: api-key
                  roles: reader
        """;

    [Fact]
    public void Hash_IsLowerHexSha256OfUtf8() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyHash.Compute("abc"));

    [Fact]
    public async Task ValidKey_PassesStripsKeyAndForwardsClientName()
    {
        using var host = SecurityTestHost.Create(Config);
        var exchange = host.Exchange("invoices", headers: [new("X-Api-Key", BillingKey), new("X-Auth-Client", "forged")]);

        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Authentication));

        Assert.False(exchange.Request.Headers.ContainsKey("X-Api-Key"));
        Assert.Equal("billing", exchange.Request.Headers["X-Auth-Client"]);
        var identity = exchange.HttpContext.User.Identity!;
        Assert.Equal("billing", identity.Name);
        Assert.Equal("api-key", identity.AuthenticationType);
    }

    [Fact]
    public async Task UpperCaseHashInConfig_Accepted()
    {
        using var host = SecurityTestHost.Create(Config);
        var exchange = host.Exchange("invoices", headers: [new("X-Api-Key", ReportsKey)]);
        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Authentication));
        Assert.Equal("reports", exchange.HttpContext.User.Identity!.Name);
    }

    [Fact]
    public async Task UnknownKey_Is401WithoutEchoingIt()
    {
        using var host = SecurityTestHost.Create(Config);
        const string Guess = "guess-3c2b1a-not-a-key";
        var exchange = host.Exchange("invoices", headers: [new("X-Api-Key", Guess)]);

        Assert.False(await SecurityTestHost.RunAsync(exchange, host.Authentication));

        Assert.Equal(401, exchange.Response.StatusCode);
        Assert.Equal("ApiKey header=\"X-Api-Key\"", exchange.Response.Headers.WWWAuthenticate);
        var body = SecurityTestHost.Body(exchange);
        Assert.DoesNotContain(Guess, body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("The API key is not valid.", json.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MissingKey_Is401NamingTheHeader()
    {
        using var host = SecurityTestHost.Create(Config);
        var exchange = host.Exchange("invoices");

        Assert.False(await SecurityTestHost.RunAsync(exchange, host.Authentication));

        Assert.Equal(401, exchange.Response.StatusCode);
        using var json = JsonDocument.Parse(SecurityTestHost.Body(exchange));
        Assert.Equal("This route requires an API key in the X-Api-Key header.", json.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TwoKeys_Is401()
    {
        using var host = SecurityTestHost.Create(Config);
        var exchange = host.Exchange("invoices", headers: [new("X-Api-Key", BillingKey), new("X-Api-Key", ReportsKey)]);
        Assert.False(await SecurityTestHost.RunAsync(exchange, host.Authentication));
        Assert.Equal(401, exchange.Response.StatusCode);
    }

    [Fact]
    public async Task QueryParameter_IgnoredUnlessConfigured()
    {
        using var host = SecurityTestHost.Create(Config);
        var exchange = host.Exchange("invoices", pathAndQuery: "/x?api_key=" + BillingKey);
        Assert.False(await SecurityTestHost.RunAsync(exchange, host.Authentication));
        Assert.Equal(401, exchange.Response.StatusCode);
    }

    [Fact]
    public async Task QueryParameter_WhenConfigured_AcceptedAndRemovedLeavingTheRest()
    {
        using var host = SecurityTestHost.Create(Config.Replace("client-header: X-Auth-Client", "query-parameter: api_key", StringComparison.Ordinal));
        var exchange = host.Exchange("invoices", pathAndQuery: $"/x?a=1&api_key={BillingKey}&b=%20two");

        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Authentication));

        Assert.Equal("?a=1&b=%20two", exchange.Request.QueryString.Value);
        Assert.Equal("billing", exchange.HttpContext.User.Identity!.Name);
    }

    [Fact]
    public async Task StripCredentialsOff_KeyForwarded()
    {
        using var host = SecurityTestHost.Create(Config.Replace("client-header: X-Auth-Client", "strip-credentials: false", StringComparison.Ordinal));
        var exchange = host.Exchange("invoices", headers: [new("X-Api-Key", BillingKey)]);
        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Authentication));
        Assert.Equal(BillingKey, exchange.Request.Headers["X-Api-Key"]);
    }

    [Fact]
    public async Task CustomHeader_Used()
    {
        using var host = SecurityTestHost.Create(Config.Replace("client-header: X-Auth-Client", "header: Authorization-Key", StringComparison.Ordinal));
        var exchange = host.Exchange("invoices", headers: [new("authorization-key", BillingKey)]);
        Assert.True(await SecurityTestHost.RunAsync(exchange, host.Authentication));
    }

    [Fact]
    public async Task Scopes_GrantedPerClient()
    {
        using var host = SecurityTestHost.Create(Config);
        var allowed = host.Exchange("write", headers: [new("X-Api-Key", BillingKey)]);
        var denied = host.Exchange("write", headers: [new("X-Api-Key", ReportsKey)]);

        Assert.True(await SecurityTestHost.RunAsync(allowed, host.Authentication));
        Assert.False(await SecurityTestHost.RunAsync(denied, host.Authentication));

        Assert.Equal(403, denied.Response.StatusCode);
        Assert.Contains("lacks the scope 'invoices.write'", SecurityTestHost.Body(denied), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_GrantedPerClient()
    {
        using var host = SecurityTestHost.Create(Config);
        Assert.True(await SecurityTestHost.RunAsync(host.Exchange("read", headers: [new("X-Api-Key", ReportsKey)]), host.Authentication));
        var denied = host.Exchange("read", headers: [new("X-Api-Key", BillingKey)]);
        Assert.False(await SecurityTestHost.RunAsync(denied, host.Authentication));
        Assert.Equal(403, denied.Response.StatusCode);
    }
}
