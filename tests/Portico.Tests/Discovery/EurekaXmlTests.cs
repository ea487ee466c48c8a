using System.Text;
using System.Xml.Linq;
using Portico.Discovery;
using Portico.Discovery.Eureka;

namespace Portico.Tests.Discovery;

public sealed class EurekaXmlTests
{
    private const string Body = """
        <instance>
          <instanceId>h1:orders:8080</instanceId><hostName>h1</hostName><app>ORDERS</app><ipAddr>10.0.0.7</ipAddr>
          <status>STARTING</status><overriddenstatus>UNKNOWN</overriddenstatus>
          <port enabled="true">8080</port><securePort enabled="false">443</securePort><countryId>1</countryId>
          <dataCenterInfo class="com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"><name>MyOwn</name></dataCenterInfo>
          <leaseInfo><renewalIntervalInSecs>5</renewalIntervalInSecs><durationInSecs>15</durationInSecs></leaseInfo>
          <metadata><route>et1</route><management.port>8081</management.port></metadata>
          <vipAddress>orders</vipAddress>
        </instance>
        """;

    [Fact]
    public void ReadInstance_EurekaXml_MapsFields()
    {
        var instance = EurekaInstanceMapper.ToServiceInstance(EurekaXml.ReadInstance(Encoding.UTF8.GetBytes(Body)), "orders", "eureka");

        Assert.Equal("h1:orders:8080", instance.InstanceId);
        Assert.Equal("h1:8080", instance.Authority);
        Assert.Equal(InstanceStatus.Starting, instance.Status);
        Assert.Equal(TimeSpan.FromSeconds(15), instance.LeaseDuration);
        Assert.Equal("8081", instance.Metadata["management.port"]);
        Assert.Equal("10.0.0.7", instance.Details.IpAddress);
    }

    [Theory]
    [InlineData("<instance><hostName>h</hostName>", "instance")]
    [InlineData("<application><name>x</name></application>", "instance")]
    [InlineData("<instance><hostName>h</hostName><port enabled=\"true\">http</port></instance>", "instance.port")]
    [InlineData("<instance><hostName>h</hostName><port enabled=\"maybe\">80</port></instance>", "instance.port.@enabled")]
    [InlineData("<instance><hostName><b>h</b></hostName><port>80</port></instance>", "instance.hostName")]
    public void ReadInstance_BadXml_NamesField(string body, string field)
    {
        var ex = Assert.Throws<EurekaFormatException>(() =>
            EurekaInstanceMapper.ToServiceInstance(EurekaXml.ReadInstance(Encoding.UTF8.GetBytes(body)), "A", "eureka"));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void ReadInstance_Dtd_Refused()
    {
        var body = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><instance><hostName>&e;</hostName></instance>""";

        var ex = Assert.Throws<EurekaFormatException>(() => EurekaXml.ReadInstance(Encoding.UTF8.GetBytes(body)));

        Assert.Equal("instance", ex.Field);
    }

    [Fact]
    public void WriteApplications_EurekaShape()
    {
        var instance = EurekaInstanceMapper.ToServiceInstance(EurekaXml.ReadInstance(Encoding.UTF8.GetBytes(Body)), "orders", "eureka");
        var xml = EurekaXml.WriteApplications(EurekaFormat.Full(new RegistrySnapshot([instance], 3)));

        var doc = XDocument.Parse(Encoding.UTF8.GetString(xml));
        var root = doc.Root!;
        Assert.Equal("applications", root.Name.LocalName);
        Assert.Equal("3", root.Element("versions__delta")!.Value);
        Assert.Equal("STARTING_1_", root.Element("apps__hashcode")!.Value);
        var written = root.Element("application")!.Element("instance")!;
        Assert.Equal("ORDERS", written.Element("app")!.Value);
        Assert.Equal("true", written.Element("port")!.Attribute("enabled")!.Value);
        Assert.Equal("8080", written.Element("port")!.Value);
        Assert.Equal("et1", written.Element("metadata")!.Element("route")!.Value);

        // What Portico writes, it reads back, plus what Eureka derives: the secure VIP address and the dirty timestamp.
        var again = EurekaInstanceMapper.ToServiceInstance(EurekaXml.ReadInstance(Encoding.UTF8.GetBytes(written.ToString())), null, "eureka");
        var expected = instance.Details with { SecureVipAddress = "orders", LastDirtyTimestamp = instance.LastUpdated.ToUnixTimeMilliseconds() };
        Assert.Equal(expected, again.Details);
        Assert.True(InstanceEquality.SameRegistration(instance with { Details = expected }, again));
    }
}
