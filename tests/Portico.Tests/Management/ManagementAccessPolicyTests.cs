using System.Text;
using Microsoft.Extensions.Configuration;
using Portico.Configuration;
using Portico.Management;

namespace Portico.Tests.Management;

public class ManagementAccessPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("192.168.1.20", false)]
    [InlineData("fd00::1", false)]
    public void IsClientAllowed_Defaults_LetsInLoopbackOnly(string remote, bool allowed)
    {
        var policy = ManagementAccessPolicy.Create(new ManagementOptions());

        Assert.Equal(allowed, policy.IsClientAllowed(ManagementTestSupport.Context(remote)));
    }

    [Theory]
    [InlineData("10.2.3.4", true)]
    [InlineData("::ffff:10.2.3.4", true)]
    [InlineData("192.168.1.5", true)]
    [InlineData("192.168.1.6", false)]
    [InlineData("fd00::17", true)]
    [InlineData("127.0.0.1", false)]
    public void IsClientAllowed_AllowedNetworks_LetsInListedNetworksOnly(string remote, bool allowed)
    {
        var policy = ManagementAccessPolicy.Create(new ManagementOptions { AllowedNetworks = ["10.0.0.0/8", "192.168.1.5", "fd00::/8"] });

        Assert.Equal(allowed, policy.IsClientAllowed(ManagementTestSupport.Context(remote)));
    }

    [Fact]
    public void IsClientAllowed_ManagementPortWithoutNetworks_LetsEveryoneIn()
    {
        var policy = ManagementAccessPolicy.Create(new ManagementOptions { Port = 9090 });

        Assert.True(policy.IsClientAllowed(ManagementTestSupport.Context("203.0.113.9")));
    }

    [Fact]
    public void IsClientAllowed_NoRemoteAddress_IsRefused()
    {
        var policy = ManagementAccessPolicy.Create(new ManagementOptions());
        var context = ManagementTestSupport.Context();
        context.Connection.RemoteIpAddress = null;

        Assert.False(policy.IsClientAllowed(context));
    }

    [Fact]
    public void IsOnManagementPort_ComparesLocalPort()
    {
        var policy = ManagementAccessPolicy.Create(new ManagementOptions { Port = 9090 });

        Assert.True(policy.IsOnManagementPort(ManagementTestSupport.Context(localPort: 9090)));
        Assert.False(policy.IsOnManagementPort(ManagementTestSupport.Context(localPort: 8080)));
        Assert.True(ManagementAccessPolicy.Create(new ManagementOptions()).IsOnManagementPort(ManagementTestSupport.Context(localPort: 1234)));
    }

    [Fact]
    public void Create_InvalidOptions_NamesEveryProblem()
    {
        var options = new ManagementOptions { Port = 70000, AllowedNetworks = ["10.0.0.0/33", "not-a-network"], Username = "admin" };

        var ex = Assert.Throws<PorticoConfigException>(() => ManagementAccessPolicy.Create(options));

        Assert.Equal(
            ["portico.management.port", "portico.management.allowed-networks[0]", "portico.management.allowed-networks[1]", "portico.management.username"],
            ex.Errors.Select(e => e.Field));
    }

    [Fact]
    public void IsAuthorized_NoCredentialsConfigured_AllowsAnyRequest()
    {
        var policy = ManagementAccessPolicy.Create(new ManagementOptions());

        Assert.False(policy.RequiresCredentials);
        Assert.True(policy.IsAuthorized(ManagementTestSupport.Context().Request));
    }

    [Theory]
    [InlineData("admin", "s3cret:x", true)]
    [InlineData("admin", "wrong", false)]
    [InlineData("Admin", "s3cret:x", false)]
    [InlineData("", "", false)]
    public void IsAuthorized_Basic_ChecksUserAndPassword(string user, string password, bool expected)
    {
        var policy = ManagementAccessPolicy.Create(new ManagementOptions { Username = "admin", Password = "s3cret:x" });
        var context = ManagementTestSupport.Context();
        context.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

        Assert.Equal(expected, policy.IsAuthorized(context.Request));
    }

    [Theory]
    [InlineData("Basic !!!not-base64")]
    [InlineData("Basic YWRtaW4=")]
    [InlineData("Bearer anything")]
    [InlineData("")]
    public void IsAuthorized_MalformedOrMissingBasic_IsRefused(string header)
    {
        var policy = ManagementAccessPolicy.Create(new ManagementOptions { Username = "admin", Password = "pw" });
        var context = ManagementTestSupport.Context();
        context.Request.Headers.Authorization = header;

        Assert.False(policy.IsAuthorized(context.Request));
        Assert.Equal(["Basic realm=\"Portico management\", charset=\"UTF-8\""], policy.Challenges);
    }

    [Theory]
    [InlineData("Bearer tok-123", true)]
    [InlineData("bearer tok-123", true)]
    [InlineData("Bearer tok-1234", false)]
    [InlineData("Bearer ", false)]
    public void IsAuthorized_Bearer_ChecksToken(string header, bool expected)
    {
        var policy = ManagementAccessPolicy.Create(new ManagementOptions { Token = "tok-123" });
        var context = ManagementTestSupport.Context();
        context.Request.Headers.Authorization = header;

        Assert.Equal(expected, policy.IsAuthorized(context.Request));
    }

    [Fact]
    public void ReadOptions_RelaxedNames_BindsEverySetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portico:Management:port"] = "9090",
            ["Portico:Management:allowed-networks:0"] = "10.0.0.0/8",
            ["Portico:Management:allowed-networks:1"] = "::1",
            ["Portico:Management:username"] = "admin",
            ["Portico:Management:password"] = "pw",
            ["Portico:Management:token"] = "t",
            ["Portico:Management:expose-health-publicly"] = "true",
        }).Build();

        var options = ManagementAccessPolicy.ReadOptions(configuration);

        Assert.Equal(9090, options.Port);
        Assert.Equal(["10.0.0.0/8", "::1"], options.AllowedNetworks);
        Assert.Equal("admin", options.Username);
        Assert.Equal("pw", options.Password);
        Assert.Equal("t", options.Token);
        Assert.True(options.ExposeHealthPublicly);
    }

    [Fact]
    public void ReadOptions_NoSection_ReturnsDefaults()
    {
        var options = ManagementAccessPolicy.ReadOptions(new ConfigurationBuilder().Build());

        Assert.Equal(new ManagementOptions().ToString(), options.ToString());
        Assert.Null(options.Port);
    }

    [Fact]
    public void ReadOptions_MalformedPort_Throws()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Portico:Management:port"] = "ninety" }).Build();

        var ex = Assert.Throws<PorticoConfigException>(() => ManagementAccessPolicy.ReadOptions(configuration));

        Assert.Equal("portico.management.port", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void ToString_HidesSecrets()
    {
        var text = new ManagementOptions { Username = "admin", Password = "hunter2", Token = "tok" }.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok", text, StringComparison.Ordinal);
        Assert.Contains("admin", text, StringComparison.Ordinal);
    }
}
