using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Discovery;

namespace Portico.Tests.Discovery;

public sealed class RegistryAccessTests
{
    private static RegistryAccess.Decision Check(RegistryAccessConfig access, string remote, bool write, string? authorization = null)
    {
        var config = new DiscoveryConfig { Access = access };
        var checker = new RegistryAccess(() => config, NullLogger<RegistryAccess>.Instance);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return checker.Check(context, write);
    }

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Check_LoopbackByDefault_Allowed(string remote) => Assert.Equal(RegistryAccess.Decision.Allowed, Check(new(), remote, write: true));

    [Fact]
    public void Check_StrangerByDefault_Forbidden()
    {
        Assert.Equal(RegistryAccess.Decision.Forbidden, Check(new(), "203.0.113.9", write: true));
        Assert.Equal(RegistryAccess.Decision.Forbidden, Check(new(), "203.0.113.9", write: false));
    }

    [Fact]
    public void Check_TrustedNetwork_MayWrite()
    {
        var access = new RegistryAccessConfig { TrustedNetworks = ["10.0.0.0/8"] };

        Assert.Equal(RegistryAccess.Decision.Allowed, Check(access, "10.1.2.3", write: true));
        Assert.Equal(RegistryAccess.Decision.Allowed, Check(access, "::ffff:10.1.2.3", write: true));
        Assert.Equal(RegistryAccess.Decision.Forbidden, Check(access, "11.1.2.3", write: true));
    }

    [Fact]
    public void Check_ReadNetwork_MayReadButNotWrite()
    {
        var access = new RegistryAccessConfig { ReadNetworks = ["192.168.0.0/16"] };

        Assert.Equal(RegistryAccess.Decision.Allowed, Check(access, "192.168.4.4", write: false));
        Assert.Equal(RegistryAccess.Decision.Forbidden, Check(access, "192.168.4.4", write: true));
    }

    [Fact]
    public void Check_LoopbackDisabled_Forbidden() =>
        Assert.Equal(RegistryAccess.Decision.Forbidden, Check(new RegistryAccessConfig { AllowLoopback = false }, "127.0.0.1", write: false));

    [Fact]
    public void Check_CredentialsConfigured_RequiredAndCompared()
    {
        var access = new RegistryAccessConfig { Username = "eureka", Password = "s3cret" };

        Assert.Equal(RegistryAccess.Decision.CredentialsRequired, Check(access, "127.0.0.1", write: true));
        Assert.Equal(RegistryAccess.Decision.Forbidden, Check(access, "127.0.0.1", write: true, Basic("eureka", "wrong")));
        Assert.Equal(RegistryAccess.Decision.Forbidden, Check(access, "127.0.0.1", write: true, "Basic not-base64!"));
        Assert.Equal(RegistryAccess.Decision.Forbidden, Check(access, "127.0.0.1", write: true, "Bearer abc"));
        Assert.Equal(RegistryAccess.Decision.Allowed, Check(access, "127.0.0.1", write: true, Basic("eureka", "s3cret")));
    }

    [Fact]
    public void Check_RightCredentialsFromStranger_StillForbidden()
    {
        var access = new RegistryAccessConfig { Username = "eureka", Password = "s3cret" };

        Assert.Equal(RegistryAccess.Decision.Forbidden, Check(access, "203.0.113.9", write: true, Basic("eureka", "s3cret")));
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("PUT", true)]
    [InlineData("POST", true)]
    [InlineData("DELETE", true)]
    [InlineData("PATCH", true)]
    public void IsWrite_ReadsAreGetAndHead(string method, bool write) => Assert.Equal(write, RegistryAccess.IsWrite(method));

    [Theory]
    [InlineData("GET", StatusCodes.Status200OK)]
    [InlineData("PUT", StatusCodes.Status403Forbidden)]
    public async Task Guard_ReadNetwork_HandlerRunsOnlyForReads(string method, int status)
    {
        var config = new DiscoveryConfig { Access = new RegistryAccessConfig { ReadNetworks = ["192.168.0.0/16"] } };
        var access = new RegistryAccess(() => config, NullLogger<RegistryAccess>.Instance);
        var calls = 0;
        var guarded = access.Guard(_ =>
        {
            calls++;
            return Task.CompletedTask;
        });
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.168.4.4");
        context.Request.Method = method;
        context.Response.Body = new MemoryStream();

        await guarded(context);

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(status == StatusCodes.Status200OK ? 1 : 0, calls);
    }

    [Fact]
    public async Task Guard_NoCredentials_401ProblemWithChallenge()
    {
        var config = new DiscoveryConfig { Access = new RegistryAccessConfig { Username = "eureka", Password = "s3cret" } };
        var guarded = new RegistryAccess(() => config, NullLogger<RegistryAccess>.Instance).Guard(_ => throw new InvalidOperationException("must not run"));
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Method = "GET";
        context.Response.Body = new MemoryStream();

        await guarded(context);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        Assert.StartsWith("Basic realm=\"portico-registry\"", context.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guard_RefusalsRepeated_OneLinePerIntervalSayingHowManyWereHeldBack()
    {
        var config = new DiscoveryConfig { Access = new RegistryAccessConfig { Username = "eureka", Password = "s3cret" } };
        using var logs = new Portico.Tests.Observability.CapturingLoggerProvider();
        var time = new Portico.Testing.ManualTimeProvider();
        var access = new RegistryAccess(() => config, new Microsoft.Extensions.Logging.Logger<RegistryAccess>(new Microsoft.Extensions.Logging.LoggerFactory([logs])), time);
        var guarded = access.Guard(_ => throw new InvalidOperationException("must not run"));

        for (var i = 0; i < 50; i++)
        {
            await guarded(Request());
        }

        time.Advance(TimeSpan.FromSeconds(11));
        await guarded(Request());

        var lines = logs.Entries.Where(e => e.EventId.Id == Portico.Logging.EventIdRanges.Discovery + 30).Select(e => e.Message).ToList();
        Assert.Equal(2, lines.Count);
        Assert.EndsWith("(0 more not logged since the last)", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("(49 more not logged since the last)", lines[1], StringComparison.Ordinal);

        static DefaultHttpContext Request()
        {
            var context = new DefaultHttpContext();
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
            context.Request.Method = "GET";
            context.Response.Body = new MemoryStream();
            return context;
        }
    }
}
