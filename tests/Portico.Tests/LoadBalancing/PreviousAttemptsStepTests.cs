using Portico.LoadBalancing;

namespace Portico.Tests.LoadBalancing;

public class PreviousAttemptsStepTests
{
    [Fact]
    public void Apply_FirstAttempt_KeepsAll()
    {
        var context = Lb.Context(Lb.Instances(3));
        new PreviousAttemptsStep().Apply(context);
        Assert.Equal(3, context.Candidates.Length);
    }

    [Fact]
    public void Apply_RemovesAttemptedById()
    {
        var instances = Lb.Instances(3);

        // A heartbeat may have replaced the record since the attempt; the id still matches.
        var context = Lb.Context(instances, attempted: [instances[0] with { }, instances[2]]);
        new PreviousAttemptsStep().Apply(context);
        Assert.Equal(["b"], Lb.Ids(context.Candidates));
    }

    [Fact]
    public void Apply_PinnedAttempted_UnpinsAsAttemptFailed()
    {
        var instances = Lb.Instances(3);
        var context = Lb.Context(instances, attempted: [instances[1]]);
        context.Pin(instances[1]);
        new PreviousAttemptsStep().Apply(context);
        Assert.Null(context.Pinned);
        Assert.Equal(AffinityFailoverReason.AttemptFailed, context.FailoverReason);
    }
}
