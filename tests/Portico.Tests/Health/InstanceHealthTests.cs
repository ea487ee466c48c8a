using Portico.Health;
using Portico.Tests.LoadBalancing;

namespace Portico.Tests.Health;

public class InstanceHealthTests
{
    private static readonly PassiveHealthCheckConfig Passive = new()
    {
        ConsecutiveFailures = 3,
        FailureRate = 0,
        ReactivationPeriod = TimeSpan.FromSeconds(10),
        MaxReactivationPeriod = TimeSpan.FromSeconds(60),
    };

    private static readonly ActiveHealthCheckConfig Active = new() { HealthyThreshold = 2, UnhealthyThreshold = 3 };

    private readonly ManualTimeProvider _time = new();
    private readonly InstanceHealth _health = new();

    private long Now => _time.GetUtcNow().UtcTicks;

    private bool Healthy => _health.IsHealthy(_time, out _);

    private HealthTransition Fail(PassiveHealthCheckConfig? config = null) => _health.ReportRequest(true, "connection failed", config ?? Passive, Now);

    private void Succeed(PassiveHealthCheckConfig? config = null) => _health.ReportRequest(false, null, config ?? Passive, Now);

    private void EjectOnce()
    {
        Fail();
        Fail();
        Assert.Equal(HealthTransition.Ejected, Fail());
    }

    [Fact]
    public void ConsecutiveFailures_EjectAtThreshold()
    {
        Assert.Equal(HealthTransition.None, Fail());
        Assert.Equal(HealthTransition.None, Fail());
        Assert.True(Healthy);
        Assert.Equal(HealthTransition.Ejected, Fail());
        Assert.False(Healthy);
        Assert.Equal("ejected for 10s after 3 consecutive failures (last: connection failed)", _health.Reason);
    }

    [Fact]
    public void Success_ResetsConsecutiveFailures()
    {
        Fail();
        Fail();
        Succeed();
        Fail();
        Fail();
        Assert.True(Healthy);
    }

    [Fact]
    public void Ejection_EndsAfterReactivationPeriod()
    {
        EjectOnce();
        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(Healthy);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(_health.IsHealthy(_time, out var reactivated));
        Assert.True(reactivated);
        Assert.Equal("reactivated after ejection", _health.Reason);
        Assert.True(_health.IsHealthy(_time, out reactivated));
        Assert.False(reactivated);
    }

    [Fact]
    public void RepeatedEjections_PeriodDoublesUpToTheMaximum()
    {
        var periods = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            EjectOnce();
            var until = _health.Snapshot(_time).EjectedUntil!.Value;
            periods.Add((until - _time.GetUtcNow()).TotalSeconds);
            _time.Advance(until - _time.GetUtcNow());
            Assert.True(Healthy);
        }

        Assert.Equal([10, 20, 40, 60, 60], periods);
        Assert.Equal(5, _health.Snapshot(_time).Ejections);
    }

    [Fact]
    public void InServiceForMaxPeriod_NextEjectionStartsAgainFromTheBase()
    {
        EjectOnce();
        _time.Advance(TimeSpan.FromSeconds(10));
        EjectOnce();
        Assert.Equal(TimeSpan.FromSeconds(20), _health.Snapshot(_time).EjectedUntil!.Value - _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(Healthy);

        _time.Advance(TimeSpan.FromSeconds(60));
        EjectOnce();
        var snapshot = _health.Snapshot(_time);
        Assert.Equal(TimeSpan.FromSeconds(10), snapshot.EjectedUntil!.Value - _time.GetUtcNow());
        Assert.Equal(1, snapshot.Ejections);
    }

    [Fact]
    public void ReportsWhileEjected_DoNotExtendTheEjection()
    {
        EjectOnce();
        var until = _health.Snapshot(_time).EjectedUntil;
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HealthTransition.None, Fail());
        }

        Assert.Equal(until, _health.Snapshot(_time).EjectedUntil);
    }

    [Fact]
    public void FailureRate_EjectsOnceMinRequestsReached()
    {
        var config = new PassiveHealthCheckConfig { ConsecutiveFailures = 0, FailureRate = 0.5, MinRequests = 10, Window = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 4; i++)
        {
            Succeed(config);
            Assert.Equal(HealthTransition.None, Fail(config));
        }

        Succeed(config);
        Assert.Equal(HealthTransition.Ejected, Fail(config));
        Assert.StartsWith("ejected for 10s after 5 of 10 requests failed within 10s", _health.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FailureRate_OldFailuresSlideOutOfTheWindow()
    {
        var config = new PassiveHealthCheckConfig { ConsecutiveFailures = 0, FailureRate = 0.5, MinRequests = 4, Window = TimeSpan.FromSeconds(10) };
        Fail(config);
        Fail(config);
        Fail(config);
        _time.Advance(TimeSpan.FromSeconds(11));
        Succeed(config);
        Succeed(config);
        Succeed(config);
        Assert.Equal(HealthTransition.None, Fail(config));
        Assert.True(Healthy);
    }

    [Fact]
    public void PassiveDisabledRules_NeverEject()
    {
        var config = new PassiveHealthCheckConfig { ConsecutiveFailures = 0, FailureRate = 0 };
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HealthTransition.None, Fail(config));
        }

        Assert.True(Healthy);
    }

    [Fact]
    public void Active_FirstProbeDecides()
    {
        Assert.Equal(ActiveHealthState.Unknown, _health.Active);
        Assert.Equal(HealthTransition.BecameUnhealthy, _health.ReportProbe(false, "GET /health returned 500", Active, Now));
        Assert.False(Healthy);
        Assert.Equal("active check failed: GET /health returned 500", _health.Reason);
    }

    [Fact]
    public void Active_ThresholdsApplyBetweenKnownStates()
    {
        Assert.Equal(HealthTransition.BecameHealthy, _health.ReportProbe(true, "GET /health returned 200", Active, Now));
        Assert.Equal(HealthTransition.None, _health.ReportProbe(false, "x", Active, Now));
        Assert.Equal(HealthTransition.None, _health.ReportProbe(false, "x", Active, Now));
        Assert.True(Healthy);
        Assert.Equal(HealthTransition.BecameUnhealthy, _health.ReportProbe(false, "GET /health returned 503", Active, Now));
        Assert.False(Healthy);
        Assert.Equal("active check failed 3 times in a row: GET /health returned 503", _health.Reason);
        Assert.Equal(HealthTransition.None, _health.ReportProbe(true, "ok", Active, Now));
        Assert.False(Healthy);
        Assert.Equal(HealthTransition.BecameHealthy, _health.ReportProbe(true, "GET /health returned 200", Active, Now));
        Assert.True(Healthy);
    }

    [Fact]
    public void Active_AFailureInterruptsTheHealthyStreak()
    {
        _health.ReportProbe(false, "x", Active, Now);
        _health.ReportProbe(true, "ok", Active, Now);
        _health.ReportProbe(false, "x", Active, Now);
        Assert.Equal(HealthTransition.None, _health.ReportProbe(true, "ok", Active, Now));
        Assert.False(Healthy);
    }

    [Fact]
    public void Snapshot_ReportsChangeTime()
    {
        var at = _time.GetUtcNow();
        EjectOnce();
        var snapshot = _health.Snapshot(_time);
        Assert.False(snapshot.Healthy);
        Assert.Equal(at, snapshot.ChangedAt);
        Assert.Equal(at + TimeSpan.FromSeconds(10), snapshot.EjectedUntil);
    }
}
