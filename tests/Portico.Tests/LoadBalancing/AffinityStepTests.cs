using Portico.Discovery;
using Portico.LoadBalancing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.LoadBalancing;

public class AffinityStepTests
{
    private static readonly ServiceInstance[] Three = Lb.Instances(3);

    private static InstanceSelectionContext Run(IReadOnlyList<ServiceInstance> registered, string? header = null, string? cookie = null, AffinityConfig? affinity = null, Action<InstanceSelectionContext>? before = null)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (header is not null)
        {
            headers.Add(new("FIXED_INSTANCE", header));
        }

        if (cookie is not null)
        {
            headers.Add(new("Cookie", cookie));
        }

        var context = Lb.Context(registered, TestExchange.Create(headers: headers), new ServiceConfig { Affinity = affinity ?? new AffinityConfig() });
        new RegistryStatusStep().Apply(context);
        before?.Invoke(context);
        new AffinityStep().Apply(context);
        return context;
    }

    [Fact]
    public void Header_RegisteredUpInstance_IsPinned()
    {
        var context = Run(Three, header: "10.0.0.2:8080");
        Assert.Same(Three[1], context.Pinned);
        Assert.Equal(AffinityFailoverReason.None, context.FailoverReason);
        Assert.Equal("10.0.0.2:8080", context.RequestedInstance);
        Assert.Equal(3, context.Candidates.Length);
    }

    [Fact]
    public void Header_Absent_NothingRequested()
    {
        var context = Run(Three);
        Assert.Null(context.Pinned);
        Assert.Null(context.RequestedInstance);
        Assert.Equal(AffinityFailoverReason.None, context.FailoverReason);
    }

    [Theory]
    [InlineData("10.0.0.2")]
    [InlineData("10.0.0.2:http")]
    [InlineData("10.0.0.2:99999")]
    public void Header_Malformed_FailsOverAsMalformed(string value)
    {
        var context = Run(Three, header: value);
        Assert.Null(context.Pinned);
        Assert.Equal(AffinityFailoverReason.Malformed, context.FailoverReason);
    }

    [Fact]
    public void Header_Unregistered_FailsOverAsUnknown()
    {
        var context = Run(Three, header: "10.9.9.9:8080");
        Assert.Equal(AffinityFailoverReason.Unknown, context.FailoverReason);
    }

    [Fact]
    public void Header_RegisteredButDown_FailsOverAsNotUp()
    {
        var context = Run([Three[0], Lb.Instance("b", "10.0.0.2", status: InstanceStatus.Down)], header: "10.0.0.2:8080");
        Assert.Null(context.Pinned);
        Assert.Equal(AffinityFailoverReason.NotUp, context.FailoverReason);
    }

    [Fact]
    public void Header_UpButRemovedByAnEarlierStep_FailsOverAsNotAllowed()
    {
        var context = Run(Three, header: "10.0.0.3:8080", before: c => c.RetainWhere(0, static (i, _) => i.InstanceId != "c"));
        Assert.Equal(AffinityFailoverReason.NotAllowed, context.FailoverReason);
    }

    [Fact]
    public void Header_TwoValues_IsMalformed()
    {
        var exchange = TestExchange.Create(headers: [new("FIXED_INSTANCE", "10.0.0.1:8080"), new("FIXED_INSTANCE", "10.0.0.2:8080")]);
        var context = Lb.Context(Three, exchange);
        new AffinityStep().Apply(context);
        Assert.Equal(AffinityFailoverReason.Malformed, context.FailoverReason);
    }

    [Fact]
    public void Header_CustomHeaderName_IsRead()
    {
        var exchange = TestExchange.Create(headers: [new("X-Node", "10.0.0.3:8080")]);
        var context = Lb.Context(Three, exchange, new ServiceConfig { Affinity = new AffinityConfig { HeaderName = "X-Node" } });
        new AffinityStep().Apply(context);
        Assert.Same(Three[2], context.Pinned);
    }

    [Fact]
    public void ModeNone_HeaderIgnored()
    {
        var context = Run(Three, header: "10.0.0.2:8080", affinity: new AffinityConfig { Mode = AffinityMode.None });
        Assert.Null(context.Pinned);
        Assert.Null(context.RequestedInstance);
    }

    [Fact]
    public void Cookie_KnownKey_IsPinned()
    {
        var cookie = $"portico-affinity-orders={AffinityKey.FormatCookie(Three[2])}";
        var context = Run(Three, cookie: cookie, affinity: new AffinityConfig { Mode = AffinityMode.Cookie });
        Assert.Same(Three[2], context.Pinned);
    }

    [Fact]
    public void Cookie_ModeIgnoresFixedInstanceHeader()
    {
        var context = Run(Three, header: "10.0.0.2:8080", affinity: new AffinityConfig { Mode = AffinityMode.Cookie });
        Assert.Null(context.Pinned);
        Assert.Null(context.RequestedInstance);
    }

    [Fact]
    public void Cookie_Malformed_FailsOverAsMalformed()
    {
        var context = Run(Three, cookie: "portico-affinity-orders=nonsense", affinity: new AffinityConfig { Mode = AffinityMode.Cookie });
        Assert.Equal(AffinityFailoverReason.Malformed, context.FailoverReason);
    }

    [Fact]
    public void Cookie_InstanceGone_FailsOverAsUnknown()
    {
        var cookie = $"portico-affinity-orders={AffinityKey.FormatCookie(Lb.Instance("gone"))}";
        var context = Run(Three, cookie: cookie, affinity: new AffinityConfig { Mode = AffinityMode.Cookie });
        Assert.Equal(AffinityFailoverReason.Unknown, context.FailoverReason);
    }

    [Fact]
    public void Cookie_InstanceOutOfService_FailsOverAsNotUp()
    {
        var registered = new[] { Three[0], Lb.Instance("b", "10.0.0.2", status: InstanceStatus.OutOfService) };
        var cookie = $"portico-affinity-orders={AffinityKey.FormatCookie(registered[1])}";
        var context = Run(registered, cookie: cookie, affinity: new AffinityConfig { Mode = AffinityMode.Cookie });
        Assert.Equal(AffinityFailoverReason.NotUp, context.FailoverReason);
    }
}
