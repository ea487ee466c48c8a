using Portico.Configuration;
using Portico.Security.Authentication;

namespace Portico.Tests.Security.Authentication;

public class AuthenticationConfigTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string Jwt = $"""
            jwt:
              issuers: [{TestTokens.Issuer}]
              audiences: [{TestTokens.Audience}]
              signing-keys:
                - secret: {TestTokens.SecretBase64}
        """;

    [Fact]
    public void Yaml_BindsListsOfRecords()
    {
        var config = Portico.Tests.TestSupport.ConfigText.Read("""
            portico:
              authentication:
                jwt:
                  issuers: [https://a.test, https://b.test]
                  clock-skew: 45s
                  signing-keys:
                    - id: k1
                      secret: c2VjcmV0
                    - public-key-file: /etc/key.pem
                api-key:
                  query-parameter: api_key
                  clients:
                    - name: one
                      key-sha256: aa
                      scopes: [s1, s2]
                    - name: two
                      key-sha256: bb
            """);
        Assert.Equal(["https://a.test", "https://b.test"], config.Authentication.Jwt.Issuers);
        Assert.Equal(TimeSpan.FromSeconds(45), config.Authentication.Jwt.ClockSkew);
        Assert.Equal(2, config.Authentication.Jwt.SigningKeys.Count);
        Assert.Equal("k1", config.Authentication.Jwt.SigningKeys[0].Id);
        Assert.Equal("/etc/key.pem", config.Authentication.Jwt.SigningKeys[1].PublicKeyFile);
        Assert.Equal("api_key", config.Authentication.ApiKey.QueryParameter);
        Assert.Equal(["one", "two"], config.Authentication.ApiKey.Clients.Select(c => c.Name));
        Assert.Equal(["s1", "s2"], config.Authentication.ApiKey.Clients[0].Scopes);
        Assert.True(config.Authentication.ApiKey.StripCredentials);
    }

    [Fact]
    public void EqualYaml_GivesEqualConfigs()
    {
        const string Yaml = """
            portico:
              trusted-proxies: [10.0.0.0/8]
              authentication:
                api-key:
                  clients:
                    - name: one
                      key-sha256: aa
                      roles: [r]
            """;
        Assert.Equal(Portico.Tests.TestSupport.ConfigText.Read(Yaml), Portico.Tests.TestSupport.ConfigText.Read(Yaml));
        Assert.NotEqual(Portico.Tests.TestSupport.ConfigText.Read(Yaml), Portico.Tests.TestSupport.ConfigText.Read(Yaml.Replace("roles: [r]", "roles: [q]", StringComparison.Ordinal)));
    }

    [Fact]
    public void Jwt_MissingIssuersAndAudiences_AreErrors()
    {
        var errors = SecurityTestHost.Errors($"""
            portico:
              authentication:
                jwt:
                  signing-keys:
                    - secret: {TestTokens.SecretBase64}
            """);
        Assert.Contains(errors, e => e.Field == "authentication.jwt.issuers");
        Assert.Contains(errors, e => e.Field == "authentication.jwt.audiences");
    }

    [Fact]
    public void Jwt_NoKeys_IsError()
    {
        var errors = SecurityTestHost.Errors("""
            portico:
              authentication:
                jwt:
                  issuers: [https://a.test]
                  audiences: [x]
            """);
        Assert.Equal("authentication.jwt.signing-keys", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("secret: c2hvcnQ=", "bits")]
    [InlineData("secret: '!!!'", "base64")]
    [InlineData("public-key: not a pem", "PEM")]
    [InlineData("public-key-file: /nonexistent/key.pem", "cannot be read")]
    [InlineData("id: only-an-id", "no key")]
    public void Jwt_BadSigningKey_IsNamed(string key, string problem)
    {
        var errors = SecurityTestHost.Errors($"""
            portico:
              authentication:
                jwt:
                  issuers: [https://a.test]
                  audiences: [x]
                  signing-keys:
                    - {key}
            """);
        var error = Assert.Single(errors);
        Assert.StartsWith("authentication.jwt.signing-keys[0]", error.Field, StringComparison.Ordinal);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Jwt_PrivateKeyPem_IsRefused()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var errors = SecurityTestHost.Errors($"""
            portico:
              authentication:
                jwt:
                  issuers: [https://a.test]
                  audiences: [x]
                  signing-keys:
                    - public-key: {TestTokens.YamlBlock(rsa.ExportPkcs8PrivateKeyPem(), 12)}
            """);
        Assert.Contains("private key", Assert.Single(errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Jwt_UnknownAlgorithmAndNone_AreErrors()
    {
        var errors = SecurityTestHost.Errors($"""
            portico:
              authentication:
            {Jwt}
                  algorithms: [HS256, none, XYZ]
            """);
        Assert.Equal(2, errors.Count(e => e.Field == "authentication.jwt.algorithms"));
    }

    [Fact]
    public void Jwt_UnreadableJwksFile_IsError()
    {
        var errors = SecurityTestHost.Errors("""
            portico:
              authentication:
                jwt:
                  issuers: [https://a.test]
                  audiences: [x]
                  jwks-file: /nonexistent/jwks.json
            """);
        Assert.Equal("authentication.jwt.jwks-file", Assert.Single(errors).Field);
    }

    [Fact]
    public void Jwt_JwksFileNotAKeySet_IsErrorNotQuotingTheFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"secret\": \"do-not-print\"}");
            var errors = SecurityTestHost.Errors($"""
                portico:
                  authentication:
                    jwt:
                      issuers: [https://a.test]
                      audiences: [x]
                      jwks-file: {path}
                """);
            var error = Assert.Single(errors);
            Assert.DoesNotContain("do-not-print", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ApiKey_BadHashAndDuplicates_AreNamed()
    {
        var hash = ApiKeyHash.Compute("k");
        var errors = SecurityTestHost.Errors($"""
            portico:
              authentication:
                api-key:
                  header: "bad header"
                  clients:
                    - name: one
                      key-sha256: {hash}
                    - name: one
                      key-sha256: {hash}
                    - name: three
                      key-sha256: plaintext-key
                    - key-sha256: {ApiKeyHash.Compute("z")}
            """);
        Assert.Contains(errors, e => e.Field == "authentication.api-key.header");
        Assert.Contains(errors, e => e.Field == "authentication.api-key.clients[1].name");
        Assert.Contains(errors, e => e.Field == "authentication.api-key.clients[1].key-sha256");
        Assert.Contains(errors, e => e.Field == "authentication.api-key.clients[2].key-sha256");
        Assert.Contains(errors, e => e.Field == "authentication.api-key.clients[3].name");
        Assert.DoesNotContain(errors, e => e.Problem.Contains("plaintext-key", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("auth: jwt", "'jwt' is required but not configured")]
    [InlineData("auth: kerberos", "'kerberos' is not a scheme")]
    [InlineData("auth: none, jwt", "combines 'none'")]
    [InlineData("auth:\n          scopes: [a]", "is missing")]
    [InlineData("auth:\n          schemes: api-key\n          scope: [a]", "not a known setting")]
    public void RouteMetadata_Problems_NamedWithRoute(string metadata, string problem)
    {
        var errors = SecurityTestHost.Errors($"""
            portico:
              authentication:
                api-key:
                  clients:
                    - name: one
                      key-sha256: {ApiKeyHash.Compute("k")}
              routes:
                - id: r
                  uri: http://upstream.test
                  metadata:
                    {metadata}
            """);
        var error = Assert.Single(errors);
        Assert.Equal("r", error.RouteId);
        Assert.StartsWith("metadata.auth.", error.Field, StringComparison.Ordinal);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EitherScheme_NoCredential_Is401WithBothChallenges()
    {
        using var host = SecurityTestHost.Create($"""
            portico:
              authentication:
            {Jwt}
                api-key:
                  clients:
                    - name: one
                      key-sha256: {ApiKeyHash.Compute("k1")}
              routes:
                - id: r
                  uri: http://upstream.test
                  metadata:
                    auth: jwt, api-key
            """);
        var none = host.Exchange("r");
        var key = host.Exchange("r", headers: [new("X-Api-Key", "k1")]);
        var token = host.Exchange("r", headers: [new("Authorization", "Bearer " + TestTokens.Create(Now))]);
        var badToken = host.Exchange("r", headers: [new("Authorization", "Bearer x.y.z"), new("X-Api-Key", "k1")]);

        Assert.False(await SecurityTestHost.RunAsync(none, host.Authentication));
        Assert.True(await SecurityTestHost.RunAsync(key, host.Authentication));
        Assert.True(await SecurityTestHost.RunAsync(token, host.Authentication));
        Assert.False(await SecurityTestHost.RunAsync(badToken, host.Authentication));

        Assert.Equal(new[] { "Bearer", "ApiKey header=\"X-Api-Key\"" }, none.Response.Headers.WWWAuthenticate.Select(v => v ?? ""));
        Assert.Contains("a bearer token (Authorization: Bearer <token>) or an API key in the X-Api-Key header", SecurityTestHost.Body(none), StringComparison.Ordinal);
        Assert.Equal("one", key.HttpContext.User.Identity!.Name);
        Assert.Equal("alice", token.HttpContext.User.Identity!.Name);
        Assert.Equal(401, badToken.Response.StatusCode);
    }

    [Fact]
    public void Cache_ConfigThatSkippedValidation_IsRefusedNotRunOpen()
    {
        using var host = SecurityTestHost.Create("portico:\n  routes: []\n");
        var broken = new PorticoConfig
        {
            Routes = [new RouteConfig { Id = "r", Uri = "http://u.test", Metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["auth"] = "jwt" } }],
        };
        Assert.Throws<PorticoConfigException>(() => host.Cache.Get(broken));
    }
}
