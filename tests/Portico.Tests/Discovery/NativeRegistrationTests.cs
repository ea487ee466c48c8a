using System.Text;
using Portico.Discovery;
using Portico.Discovery.Native;

namespace Portico.Tests.Discovery;

public sealed class NativeRegistrationTests
{
    [Fact]
    public void Read_FullBody_MapsFields()
    {
        var body = """{"host":"[::1]","port":8080,"scheme":"HTTPS","status":"starting","weight":4,"metadata":{"route":"et1"},"leaseDurationSeconds":20,"healthCheckUrl":"https://[::1]:8080/health"}""";

        var instance = NativeRegistration.Read(Encoding.UTF8.GetBytes(body), "orders", "o1");

        Assert.Equal(("::1", 8080, "https", InstanceStatus.Starting, 4), (instance.Host, instance.Port, instance.Scheme, instance.Status, instance.Weight));
        Assert.Equal(TimeSpan.FromSeconds(20), instance.LeaseDuration);
        Assert.Equal("et1", instance.Metadata["route"]);
        Assert.Equal("https://[::1]:8080/health", instance.Details.HealthCheckUrl);
    }

    [Theory]
    [InlineData("""{"port":80}""", "host")]
    [InlineData("""{"host":"h"}""", "port")]
    [InlineData("""{"host":"h","port":"80"}""", "port")]
    [InlineData("""{"host":"h","port":80.5}""", "port")]
    [InlineData("""{"host":5,"port":80}""", "host")]
    [InlineData("""{"host":"h","port":80,"status":"SLEEPY"}""", "status")]
    [InlineData("""{"host":"h","port":80,"metadata":{"a":1}}""", "metadata.a")]
    [InlineData("""{"host":"h","port":80,"leaseDurationSeconds":-1}""", "leaseDurationSeconds")]
    [InlineData("""{"host":"h","port":80,"healthCheckUrl":"/health"}""", "healthCheckUrl")]
    [InlineData("""{"host":"h",""", "body")]
    [InlineData("""[]""", "body")]
    [InlineData("", "body")]
    public void Read_BadBody_NamesField(string body, string field)
    {
        var ex = Assert.Throws<NativeFormatException>(() => NativeRegistration.Read(Encoding.UTF8.GetBytes(body), "orders", "o1"));

        Assert.Equal(field, ex.Field);
    }
}
