using Portico.Security.Linkis;
using Portico.Security.Linkis.Sessions;
using Portico.Security.Linkis.Throttling;
using Portico.Testing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security.Linkis.Throttling;

public sealed class LoginThrottleTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly TempDirectory _dir = new();
    private readonly TestSecuritySettings _settings = new(new LinkisSecurityConfig
    {
        LoginThrottle = new LoginThrottleConfig
        {
            MaxFailuresPerUser = 3,
            MaxFailuresPerUserAllAddresses = 10,
            MaxFailuresPerAddress = 5,
            Window = TimeSpan.FromMinutes(10),
            InitialDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(60),
        },
    });

    public void Dispose() => _dir.Dispose();

    private LoginThrottle Create() => new(_settings, _time);

    private LoginThrottle CreateSqlite() => new(_settings, _time, new SqliteLoginThrottlePersistence(_dir.Path));

    private static void Fail(LoginThrottle throttle, string user, string address, int times)
    {
        for (var i = 0; i < times; i++)
        {
            throttle.RecordFailure(user, address);
        }
    }

    [Fact]
    public void Check_BelowPerAddressLimit_Allows()
    {
        var throttle = Create();
        Fail(throttle, "alice", "10.0.0.1", 2);

        Assert.True(throttle.Check("alice", "10.0.0.1").Allowed);
    }

    [Fact]
    public void Check_LimitReachedFromOneAddress_RefusesThatAddressForTheInitialDelay()
    {
        var throttle = Create();
        Fail(throttle, "alice", "10.0.0.1", 3);

        var decision = throttle.Check("Alice", "10.0.0.1");

        Assert.False(decision.Allowed);
        Assert.Equal(LoginThrottleScope.UserAndAddress, decision.Scope);
        Assert.Equal(1, decision.RetryAfterSeconds);
        Assert.Equal("1", decision.RetryAfterHeader);
        Assert.Equal(429, LoginThrottleDecision.StatusCode);
    }

    [Fact]
    public void Check_WrongPasswordsFromAddressA_DoNotLockTheUserOutFromAddressB()
    {
        var throttle = Create();
        Fail(throttle, "hadoop", "10.0.0.1", 5);

        Assert.False(throttle.Check("hadoop", "10.0.0.1").Allowed);
        Assert.True(throttle.Check("hadoop", "10.0.0.2").Allowed);
    }

    [Fact]
    public void Check_EachFurtherFailure_DoublesTheDelayUpToTheMaximum()
    {
        _settings.Current = _settings.Current with
        {
            LoginThrottle = _settings.Current.LoginThrottle with { MaxFailuresPerAddress = 0, MaxFailuresPerUserAllAddresses = 0 },
        };
        var throttle = Create();
        Fail(throttle, "alice", "10.0.0.1", 2);
        var delays = new List<int>();
        for (var i = 0; i < 9; i++)
        {
            throttle.RecordFailure("alice", "10.0.0.1");
            var decision = throttle.Check("alice", "10.0.0.1");
            delays.Add(decision.RetryAfterSeconds);
            _time.Advance(TimeSpan.FromSeconds(decision.RetryAfterSeconds));
            Assert.True(throttle.Check("alice", "10.0.0.1").Allowed);
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], delays);
    }

    [Fact]
    public void Check_QuietForAWindowAfterTheDelay_StartsAfresh()
    {
        var throttle = Create();
        Fail(throttle, "alice", "10.0.0.1", 4);
        _time.Advance(TimeSpan.FromSeconds(2) + TimeSpan.FromMinutes(10));

        throttle.RecordFailure("alice", "10.0.0.1");

        Assert.True(throttle.Check("alice", "10.0.0.1").Allowed);
    }

    [Fact]
    public void RecordSuccess_ClearsOnlyThatAddressesFailures()
    {
        var throttle = Create();
        Fail(throttle, "alice", "10.0.0.1", 3);
        Fail(throttle, "alice", "10.0.0.2", 3);

        throttle.RecordSuccess("alice", "10.0.0.1");

        Assert.True(throttle.Check("alice", "10.0.0.1").Allowed);
        Assert.Equal(LoginThrottleScope.UserAndAddress, throttle.Check("alice", "10.0.0.2").Scope);
    }

    [Fact]
    public void Check_CeilingAcrossAddressesReached_RefusesNewAddressesButNotOnesTheUserLoggedInFrom()
    {
        var throttle = Create();
        throttle.RecordSuccess("hadoop", "192.168.1.5");
        _time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure("hadoop", $"10.1.0.{i}");
        }

        var stranger = throttle.Check("hadoop", "10.9.9.9");

        Assert.False(stranger.Allowed);
        Assert.Equal(LoginThrottleScope.User, stranger.Scope);
        Assert.Equal(600, stranger.RetryAfterSeconds);
        Assert.True(throttle.Check("hadoop", "192.168.1.5").Allowed);
        Assert.True(throttle.Check("someone-else", "10.9.9.9").Allowed);
    }

    [Fact]
    public void Check_CeilingAcrossAddresses_LiftsWhenTheOldestFailureLeavesTheWindow()
    {
        var throttle = Create();
        throttle.RecordFailure("hadoop", "10.1.0.0");
        _time.Advance(TimeSpan.FromMinutes(2));
        for (var i = 1; i < 10; i++)
        {
            throttle.RecordFailure("hadoop", $"10.1.0.{i}");
        }

        Assert.Equal(480, throttle.Check("hadoop", "10.9.9.9").RetryAfterSeconds);
        _time.Advance(TimeSpan.FromMinutes(8));

        Assert.True(throttle.Check("hadoop", "10.9.9.9").Allowed);
    }

    [Fact]
    public void Check_CeilingReachedFromAKnownAddress_StillSlowsThatAddressAfterItsOwnLimit()
    {
        var throttle = Create();
        throttle.RecordSuccess("hadoop", "192.168.1.5");
        Fail(throttle, "hadoop", "192.168.1.5", 3);

        Assert.Equal(LoginThrottleScope.UserAndAddress, throttle.Check("hadoop", "192.168.1.5").Scope);
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
        Assert.Equal(600, decision.RetryAfterSeconds);
        Assert.True(throttle.Check("someone-else", "10.0.0.2").Allowed);
    }

    [Fact]
    public void Check_Disabled_AlwaysAllows()
    {
        _settings.Current = _settings.Current with { LoginThrottle = _settings.Current.LoginThrottle with { Enabled = false } };
        var throttle = Create();
        Fail(throttle, "alice", "10.0.0.1", 10);

        Assert.True(throttle.Check("alice", "10.0.0.1").Allowed);
    }

    [Fact]
    public void RecordFailure_ManyDistinctKeys_StaysWithinTheBoundAndForgetsTheOldest()
    {
        _settings.Current = _settings.Current with { LoginThrottle = _settings.Current.LoginThrottle with { MaxTrackedKeys = 100 } };
        var throttle = Create();
        Fail(throttle, "first", "10.0.0.1", 3);
        for (var i = 0; i < 5_000; i++)
        {
            throttle.RecordFailure($"u{i}", $"10.2.{i / 256}.{i % 256}");
        }

        Fail(throttle, "last", "10.0.0.2", 3);

        Assert.Equal(300, throttle.TrackedKeys);
        Assert.True(throttle.Check("first", "10.0.0.1").Allowed);
        Assert.False(throttle.Check("last", "10.0.0.2").Allowed);
    }

    [Fact]
    public async Task FlushAsync_Sqlite_StateSurvivesARestartOfTheStore()
    {
        using (var first = CreateSqlite())
        {
            first.RecordSuccess("hadoop", "192.168.1.5");
            Fail(first, "alice", "10.0.0.1", 4);
            for (var i = 0; i < 10; i++)
            {
                first.RecordFailure("hadoop", $"10.1.0.{i}");
            }

            await first.FlushAsync(default);
        }

        using var second = CreateSqlite();

        var alice = second.Check("alice", "10.0.0.1");
        Assert.Equal(LoginThrottleScope.UserAndAddress, alice.Scope);
        Assert.Equal(2, alice.RetryAfterSeconds);
        Assert.Equal(LoginThrottleScope.User, second.Check("hadoop", "10.9.9.9").Scope);
        Assert.True(second.Check("hadoop", "192.168.1.5").Allowed);
        second.RecordFailure("bob", "10.0.0.1");
        Assert.Equal(LoginThrottleScope.Address, second.Check("carol", "10.0.0.1").Scope);
    }

    [Fact]
    public async Task FlushAsync_Sqlite_ForgottenEntriesAreDeletedFromTheFile()
    {
        using (var first = CreateSqlite())
        {
            Fail(first, "alice", "10.0.0.1", 3);
            await first.FlushAsync(default);
            first.RecordSuccess("alice", "10.0.0.1");
            await first.FlushAsync(default);
        }

        using var second = CreateSqlite();

        Assert.True(second.Check("alice", "10.0.0.1").Allowed);
    }

    [Fact]
    public async Task FlushAsync_SessionsInTheSameFile_BothKeepTheirData()
    {
        using (var sessions = new SqliteSessionPersistence(_dir.Path))
        using (var throttle = CreateSqlite())
        {
            await sessions.SaveAsync([new PersistedSession(TicketId.Of("ticket"), "alice", 1, 1)], default);
            Fail(throttle, "alice", "10.0.0.1", 3);
            await throttle.FlushAsync(default);
        }

        using var reopened = new SqliteSessionPersistence(_dir.Path);
        using var second = CreateSqlite();

        Assert.Single(reopened.LoadAll());
        Assert.False(second.Check("alice", "10.0.0.1").Allowed);
    }
}
