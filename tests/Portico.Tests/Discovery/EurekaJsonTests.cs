using System.Text;
using System.Text.Json;
using Portico.Discovery;
using Portico.Discovery.Eureka;

namespace Portico.Tests.Discovery;

public sealed class EurekaJsonTests
{
    private const string SpringBody = """
        {"instance":{"instanceId":"10.0.0.5:orders:8080","hostName":"10.0.0.5","app":"ORDERS","ipAddr":"10.0.0.5",
        "status":"UP","overriddenStatus":"UNKNOWN","port":{"$":8080,"@enabled":"true"},"securePort":{"$":443,"@enabled":"false"},
        "countryId":1,"dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"},
        "leaseInfo":{"renewalIntervalInSecs":10,"durationInSecs":20},"metadata":{"route":"et1","weight":"3","management.port":"8080"},
        "homePageUrl":"http://10.0.0.5:8080/","statusPageUrl":"http://10.0.0.5:8080/actuator/info",
        "healthCheckUrl":"http://10.0.0.5:8080/actuator/health","vipAddress":"orders","secureVipAddress":"orders",
        "isCoordinatingDiscoveryServer":"false","lastUpdatedTimestamp":"1700000000000","lastDirtyTimestamp":"1700000000001"}}
        """;

    [Fact]
    public void ReadInstance_SpringBootBody_MapsEveryField()
    {
        var fields = EurekaJson.ReadInstance(Encoding.UTF8.GetBytes(SpringBody));
        var instance = EurekaInstanceMapper.ToServiceInstance(fields, "orders", "eureka");

        Assert.Equal("ORDERS", instance.AppName);
        Assert.Equal("10.0.0.5:orders:8080", instance.InstanceId);
        Assert.Equal("10.0.0.5:8080", instance.Authority);
        Assert.Equal("http", instance.Scheme);
        Assert.Equal(InstanceStatus.Up, instance.Status);
        Assert.Null(instance.OverriddenStatus);
        Assert.Equal(TimeSpan.FromSeconds(20), instance.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(10), instance.RenewalInterval);
        Assert.Equal(3, instance.Weight);
        Assert.Equal("et1", instance.Metadata["route"]);
        Assert.Equal("http://10.0.0.5:8080/actuator/health", instance.Details.HealthCheckUrl);
        Assert.Equal(1700000000001, instance.Details.LastDirtyTimestamp);
        Assert.Equal(443, instance.Details.SecurePort);
        Assert.False(instance.Details.SecurePortEnabled);
    }

    [Fact]
    public void ReadInstance_SecurePortEnabled_RoutesHttpsOnSecurePort()
    {
        var body = """{"instance":{"hostName":"api.local","app":"API","port":{"$":"80","@enabled":false},"securePort":{"$":"8443","@enabled":true}}}""";

        var instance = EurekaInstanceMapper.ToServiceInstance(EurekaJson.ReadInstance(Encoding.UTF8.GetBytes(body)), "api", "eureka");

        Assert.Equal("https", instance.Scheme);
        Assert.Equal(8443, instance.Port);
        Assert.Equal("api.local", instance.InstanceId);
    }

    [Fact]
    public void ReadInstance_PlainNumberPortAndBareObject_Accepted()
    {
        var body = """{"hostName":"h1","app":"a","port":8081}""";

        var instance = EurekaInstanceMapper.ToServiceInstance(EurekaJson.ReadInstance(Encoding.UTF8.GetBytes(body)), "a", "eureka");

        Assert.Equal(8081, instance.Port);
    }

    [Theory]
    [InlineData("""{"instance":{"app":"A","port":{"$":80}}}""", "instance.hostName")]
    [InlineData("""{"instance":{"hostName":"h","app":"A","port":{"$":"eighty"}}}""", "instance.port")]
    [InlineData("""{"instance":{"hostName":"h","app":"A","port":{"$":99999}}}""", "instance.port")]
    [InlineData("""{"instance":{"hostName":"h/x","app":"A","port":{"$":80}}}""", "instance.hostName")]
    [InlineData("""{"instance":{"hostName":"h","app":"A"}}""", "instance.port")]
    [InlineData("""{"instance":{"hostName":"h","app":"B","port":80}}""", "instance.app")]
    [InlineData("""{"instance":{"hostName":"h","app":"A","port":80,"status":"SLEEPY"}}""", "instance.status")]
    [InlineData("""{"instance":{"hostName":{"x":1},"app":"A","port":80}}""", "instance.hostName")]
    [InlineData("""{"instance":{"hostName":"h","app":"A","port":80,"metadata":[1]}}""", "instance.metadata")]
    [InlineData("""{"instance":{"hostName":"h","app":"A","port":80,"leaseInfo":{"durationInSecs":-5}}}""", "instance.leaseInfo.durationInSecs")]
    [InlineData("""{"instance":""", "instance")]
    [InlineData("""[1,2]""", "instance")]
    public void ReadInstance_BadBody_NamesField(string body, string field)
    {
        var ex = Assert.Throws<EurekaFormatException>(() =>
            EurekaInstanceMapper.ToServiceInstance(EurekaJson.ReadInstance(Encoding.UTF8.GetBytes(body)), "A", "eureka"));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void WriteApplications_ThenRead_RoundTrips()
    {
        var time = new ManualTimeProvider();
        var original = EurekaInstanceMapper.ToServiceInstance(EurekaJson.ReadInstance(Encoding.UTF8.GetBytes(SpringBody)), "orders", "eureka") with
        {
            RegisteredAt = time.GetUtcNow(),
            LastHeartbeat = time.GetUtcNow(),
            LastUpdated = time.GetUtcNow(),
        };
        var snapshot = new RegistrySnapshot([original], 7);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            EurekaJson.WriteApplications(json, EurekaFormat.Full(snapshot));
        }

        var (fields, hash) = EurekaJson.ReadApplications(buffer.ToArray());
        var read = EurekaInstanceMapper.ToServiceInstance(Assert.Single(fields), null, "eureka");

        Assert.Equal("UP_1_", hash);
        Assert.True(InstanceEquality.SameRegistration(original, read with { RegisteredAt = original.RegisteredAt }));
        using var doc = JsonDocument.Parse(buffer.ToArray());
        var apps = doc.RootElement.GetProperty("applications");
        Assert.Equal("7", apps.GetProperty("versions__delta").GetString());
        var instance = apps.GetProperty("application")[0].GetProperty("instance")[0];
        Assert.Equal("ORDERS", instance.GetProperty("app").GetString());
        Assert.Equal(8080, instance.GetProperty("port").GetProperty("$").GetInt32());
        Assert.Equal("true", instance.GetProperty("port").GetProperty("@enabled").GetString());
        Assert.Equal("ADDED", instance.GetProperty("actionType").GetString());
        Assert.Equal(20, instance.GetProperty("leaseInfo").GetProperty("durationInSecs").GetInt32());
    }

    [Fact]
    public void ReadApplications_SingleObjectsInsteadOfArrays_Accepted()
    {
        var body = """{"applications":{"apps__hashcode":"UP_1_","application":{"name":"A","instance":{"hostName":"h","port":{"$":80}}}}}""";

        var (fields, _) = EurekaJson.ReadApplications(Encoding.UTF8.GetBytes(body));

        Assert.Equal("A", Assert.Single(fields).App);
    }
}
