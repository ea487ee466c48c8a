using System.Globalization;

namespace Portico.Health;

/// <summary>What a health report changed.</summary>
internal enum HealthTransition
{
    None,
    BecameHealthy,
    BecameUnhealthy,
    Ejected,
}

/// <summary>
/// The health of one instance: the active-probe state with its success and failure streaks, and the passive state
/// (consecutive failures, failure window, ejection). Reads on the request path are two volatile loads; reports take a
/// per-instance lock. An ejection ends lazily, at the first read after its reactivation time.
/// </summary>
internal sealed class InstanceHealth
{
    private readonly Lock _lock = new();
    private readonly FailureWindow _window = new();
    private int _active;
    private int _activeStreak;
    private long _ejectedUntil;
    private long _lastEjectionEnd;
    private int _ejections;
    private int _consecutiveFailures;
    private string? _reason;
    private long _changedAt;

    public ActiveHealthState Active => (ActiveHealthState)Volatile.Read(ref _active);

    public string? Reason
    {
        get
        {
            lock (_lock)
            {
                return _reason;
            }
        }
    }

    /// <summary>Whether the instance may receive traffic; <paramref name="reactivated"/> reports an ejection that just ended.</summary>
    public bool IsHealthy(TimeProvider time, out bool reactivated)
    {
        reactivated = false;
        if (Volatile.Read(ref _active) == (int)ActiveHealthState.Unhealthy)
        {
            return false;
        }

        var until = Volatile.Read(ref _ejectedUntil);
        if (until == 0)
        {
            return true;
        }

        var now = time.GetUtcNow().UtcTicks;
        if (now < until)
        {
            return false;
        }

        lock (_lock)
        {
            reactivated = TryReactivate(now);
        }

        return true;
    }

    public HealthTransition ReportProbe(bool success, string detail, ActiveHealthCheckConfig config, long now)
    {
        lock (_lock)
        {
            _activeStreak = success ? Math.Max(_activeStreak, 0) + 1 : Math.Min(_activeStreak, 0) - 1;
            var state = (ActiveHealthState)_active;

            // From Unknown one probe decides, so a new instance takes traffic (or is kept from it) after its first probe.
            if (success && state != ActiveHealthState.Healthy && (state == ActiveHealthState.Unknown || _activeStreak >= config.HealthyThreshold))
            {
                Change(ActiveHealthState.Healthy, now, state == ActiveHealthState.Unknown
                    ? $"active check passed: {detail}"
                    : $"active check passed {_activeStreak} times in a row: {detail}");
                return HealthTransition.BecameHealthy;
            }

            if (!success && state != ActiveHealthState.Unhealthy && (state == ActiveHealthState.Unknown || -_activeStreak >= config.UnhealthyThreshold))
            {
                Change(ActiveHealthState.Unhealthy, now, state == ActiveHealthState.Unknown
                    ? $"active check failed: {detail}"
                    : $"active check failed {-_activeStreak} times in a row: {detail}");
                return HealthTransition.BecameUnhealthy;
            }

            return HealthTransition.None;
        }
    }

    public HealthTransition ReportRequest(bool failed, string? detail, PassiveHealthCheckConfig config, long now)
    {
        lock (_lock)
        {
            if (_ejectedUntil != 0)
            {
                // Requests that were in flight when the instance was ejected (or sent in panic mode) do not extend the ejection.
                if (now < _ejectedUntil)
                {
                    return HealthTransition.None;
                }

                TryReactivate(now);
            }

            _window.Record(now, config.Window, failed);
            if (!failed)
            {
                _consecutiveFailures = 0;
                return HealthTransition.None;
            }

            _consecutiveFailures++;
            if (config.ConsecutiveFailures > 0 && _consecutiveFailures >= config.ConsecutiveFailures)
            {
                Eject(now, config, $"{_consecutiveFailures} consecutive failures (last: {detail})");
                return HealthTransition.Ejected;
            }

            var (requests, failures) = _window.Totals(now, config.Window);
            if (config.FailureRate > 0 && requests >= config.MinRequests && failures >= config.FailureRate * requests)
            {
                Eject(now, config, $"{failures} of {requests} requests failed within {Format(config.Window)} (last: {detail})");
                return HealthTransition.Ejected;
            }

            return HealthTransition.None;
        }
    }

    public InstanceHealthSnapshot Snapshot(TimeProvider time)
    {
        var now = time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            if (_ejectedUntil != 0 && now >= _ejectedUntil)
            {
                TryReactivate(now);
            }

            var active = (ActiveHealthState)_active;
            return new InstanceHealthSnapshot(
                active != ActiveHealthState.Unhealthy && _ejectedUntil == 0,
                active,
                _ejectedUntil == 0 ? null : new DateTimeOffset(_ejectedUntil, TimeSpan.Zero),
                _ejections,
                _consecutiveFailures,
                _reason,
                _changedAt == 0 ? null : new DateTimeOffset(_changedAt, TimeSpan.Zero));
        }
    }

    internal static string Format(TimeSpan period) =>
        period.TotalSeconds >= 1 && period.Ticks % TimeSpan.TicksPerSecond == 0
            ? period.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s"
            : period.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";

    private void Eject(long now, PassiveHealthCheckConfig config, string why)
    {
        // An instance that stayed in service for the longest reactivation period has earned a fresh start.
        if (_lastEjectionEnd != 0 && now - _lastEjectionEnd >= config.MaxReactivationPeriod.Ticks)
        {
            _ejections = 0;
        }

        _ejections++;
        var period = config.ReactivationPeriod.Ticks;
        for (var i = 1; i < _ejections && period < config.MaxReactivationPeriod.Ticks; i++)
        {
            period *= 2;
        }

        period = Math.Min(period, config.MaxReactivationPeriod.Ticks);
        Volatile.Write(ref _ejectedUntil, now + period);
        _consecutiveFailures = 0;
        _window.Clear();
        _reason = $"ejected for {Format(TimeSpan.FromTicks(period))} after {why}";
        _changedAt = now;
    }

    private bool TryReactivate(long now)
    {
        if (_ejectedUntil == 0 || now < _ejectedUntil)
        {
            return false;
        }

        _lastEjectionEnd = _ejectedUntil;
        _changedAt = _ejectedUntil;
        _reason = "reactivated after ejection";
        Volatile.Write(ref _ejectedUntil, 0);
        return true;
    }

    private void Change(ActiveHealthState state, long now, string reason)
    {
        Volatile.Write(ref _active, (int)state);
        _reason = reason;
        _changedAt = now;
    }
}

/// <summary>A consistent copy of an instance's health.</summary>
internal readonly record struct InstanceHealthSnapshot(
    bool Healthy,
    ActiveHealthState Active,
    DateTimeOffset? EjectedUntil,
    int Ejections,
    int ConsecutiveFailures,
    string? Reason,
    DateTimeOffset? ChangedAt);
