using Portico.Discovery;

namespace Portico.Tests.Discovery;

public sealed class InstanceValidatorTests
{
    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("::1")]
    [InlineData("fd00::5")]
    [InlineData("localhost")]
    [InlineData("orders-1.svc.cluster.local")]
    [InlineData("my_service")]
    public void CheckHost_Valid_ReturnsNull(string host) => Assert.Null(InstanceValidator.CheckHost(host));

    [Theory]
    [InlineData("", "missing")]
    [InlineData("evil.com/path", "'/'")]
    [InlineData("user@evil.com", "'@'")]
    [InlineData("host:8080", "IPv6")]
    [InlineData("-bad.example", "starting with '-'")]
    [InlineData("bad-.example", "ending in '-'")]
    [InlineData("a..b", "empty label")]
    [InlineData("10", "dotted IPv4")]
    [InlineData("1.2.3.4.5", "neither")]
    [InlineData("0.0.0.0", "not a routable")]
    [InlineData("fe80::1%eth0", "zone")]
    [InlineData("host name", "' '")]
    public void CheckHost_Invalid_NamesProblem(string host, string expected)
    {
        var problem = InstanceValidator.CheckHost(host);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void CheckPort_OutOfRange_Rejected(int port) => Assert.Contains("1-65535", InstanceValidator.CheckPort(port));

    [Theory]
    [InlineData("orders/../admin", "'orders/../admin' contains '/'; use letters, digits, '-', '_' and '.' only.")]
    [InlineData("orders service", "'orders service' contains ' '; use letters, digits, '-', '_' and '.' only.")]
    [InlineData("orders\u0001", "'orders\u0001' contains '\\u0001'; use letters, digits, '-', '_' and '.' only.")]
    [InlineData("", "is missing; give the application (service) name.")]
    public void CheckAppName_Unsafe_Rejected(string name, string expected) => Assert.Equal(expected, InstanceValidator.CheckAppName(name));

    [Theory]
    [InlineData("orders")]
    [InlineData("linkis-cg-entrance")]
    [InlineData("my_service.v2")]
    public void CheckAppName_Safe_ReturnsNull(string name) => Assert.Null(InstanceValidator.CheckAppName(name));

    [Theory]
    [InlineData("10.0.0.1:orders:8080", true)]
    [InlineData("a/b", false)]
    [InlineData("a?b", false)]
    [InlineData("a b", false)]
    public void CheckInstanceId_PathSafety(string id, bool valid) => Assert.Equal(valid, InstanceValidator.CheckInstanceId(id) is null);

    [Fact]
    public void Validate_MetadataWithControlCharacter_Rejected()
    {
        var instance = new ServiceInstance { AppName = "a", InstanceId = "i", Host = "h", Port = 1, Metadata = new Dictionary<string, string> { ["k"] = "v\u0001" } };

        var problem = Assert.Single(InstanceValidator.Validate(instance));

        Assert.Equal(InstanceField.Metadata, problem.Field);
    }

    [Theory]
    [InlineData("[::1]", "::1")]
    [InlineData("example.com.", "example.com")]
    [InlineData(" 10.0.0.1 ", "10.0.0.1")]
    public void NormalizeHost_StripsBracketsAndRootDot(string input, string expected) => Assert.Equal(expected, InstanceValidator.NormalizeHost(input));

    [Theory]
    [InlineData("up", InstanceStatus.Up)]
    [InlineData("OUT_OF_SERVICE", InstanceStatus.OutOfService)]
    [InlineData("starting", InstanceStatus.Starting)]
    public void TryParseStatus_EurekaNames(string text, InstanceStatus expected)
    {
        Assert.True(InstanceValidator.TryParseStatus(text, out var status));
        Assert.Equal(expected, status);
    }
}
