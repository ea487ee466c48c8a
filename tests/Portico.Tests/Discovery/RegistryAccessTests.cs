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
}
