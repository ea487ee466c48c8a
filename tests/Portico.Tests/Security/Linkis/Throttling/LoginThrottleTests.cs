using Portico.Testing;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Throttling;

namespace Portico.Tests.Security.Linkis.Throttling;

public class LoginThrottleTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly TestSecuritySettings _settings = new(new LinkisSecurityConfig
    {
        LoginThrottle = new LoginThrottleConfig { MaxFailuresPerUser = 3, MaxFailuresPerAddress = 5, Window = TimeSpan.FromMinutes(10) },
    });

    private LoginThrottle Create() => new(_settings, _time);

    [Fact]
    public void Check_BelowUserLimit_Allows()
    {
        var throttle = Create();
        throttle.RecordFailure("alice", "10.0.0.1");
        throttle.RecordFailure("alice", "10.0.0.1");

        Assert.True(throttle.Check("alice", "10.0.0.1").Allowed);
    }

    [Fact]
    public void Check_UserLimitReached_RefusesWithRetryAfterOfOldestFailure()
    {
        var throttle = Create();
        throttle.RecordFailure("alice", "10.0.0.1");
        _time.Advance(TimeSpan.FromMinutes(2));
        throttle.RecordFailure("alice", "10.0.0.2");
        throttle.RecordFailure("ALICE", "10.0.0.3");

        var decision = throttle.Check("Alice", "10.0.0.9");

        Assert.False(decision.Allowed);
        Assert.Equal(LoginThrottleScope.User, decision.Scope);
        Assert.Equal(480, decision.RetryAfterSeconds);
        Assert.Equal("480", decision.RetryAfterHeader);
        Assert.Equal(429, LoginThrottleDecision.StatusCode);
    }

    [Fact]
    public void Check_OldestFailureLeavesWindow_AllowsAgain()
    {
        var throttle = Create();
        for (var i = 0; i < 3; i++)
        {
            throttle.RecordFailure("alice", null);
        }

        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(1, throttle.Check("alice", null).RetryAfterSeconds);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(throttle.Check("alice", null).Allowed);
    }

    [Fact]
    public void Check_AddressLimitReachedAcrossUsers_RefusesThatAddressOnly()
    {
        var throttle = Create();
        for (var i = 0; i < 5; i++)
        {
            throttle.RecordFailure($"user{i}", "10.0.0.1");
        }

        var decision = throttle.Check("someone-else", "10.0.0.1");

        Assert.False(decision.Allowed);
        Assert.Equal(LoginThrottleScope.Address, decision.Scope);
        Assert.True(throttle.Check("someone-else", "10.0.0.2").Allowed);
    }

    [Fact]
    public void RecordSuccess_ClearsUserButNotAddress()
    {
        var throttle = Create();
        for (var i = 0; i < 5; i++)
        {
            throttle.RecordFailure("alice", "10.0.0.1");
        }

        throttle.RecordSuccess("alice");

        Assert.True(throttle.Check("alice", "10.0.0.2").Allowed);
        Assert.Equal(LoginThrottleScope.Address, throttle.Check("alice", "10.0.0.1").Scope);
    }

    [Fact]
    public void Check_Disabled_AlwaysAllows()
    {
        _settings.Current = _settings.Current with { LoginThrottle = _settings.Current.LoginThrottle with { Enabled = false } };
        var throttle = Create();
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure("alice", "10.0.0.1");
        }

        Assert.True(throttle.Check("alice", "10.0.0.1").Allowed);
    }

    [Fact]
    public void RecordFailure_ManyDistinctNames_PrunesStaleKeys()
    {
        var throttle = Create();
        for (var i = 0; i <= LoginThrottle.PruneThreshold; i++)
        {
            throttle.RecordFailure($"u{i}", null);
        }

        _time.Advance(TimeSpan.FromMinutes(11));
        throttle.RecordFailure("fresh", null);

        Assert.Equal(1, throttle.TrackedKeys);
    }
}
