using System.Collections.Concurrent;

namespace Portico.Security.Linkis.Throttling;

/// <summary>
/// Sliding-window failure counters keyed by lower-cased user name and by client address. Each key keeps at most as
/// many timestamps as its limit, and stale keys are pruned once the table grows, so a flood of distinct names cannot
/// grow memory without bound.
/// </summary>
internal sealed class LoginThrottle(ILinkisSecuritySettings settings, TimeProvider time) : ILoginThrottle
{
    // Past this many keys a failure triggers a prune of keys with no failure inside the window.
    internal const int PruneThreshold = 10_000;

    private readonly ConcurrentDictionary<string, FailureWindow> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FailureWindow> _addresses = new(StringComparer.Ordinal);

    public LoginThrottleDecision Check(string? userName, string? clientAddress)
    {
        var config = settings.Current.LoginThrottle;
        if (!config.Enabled)
        {
            return LoginThrottleDecision.Allow;
        }

        var now = time.GetUtcNow();
        var wait = TimeSpan.Zero;
        var scope = LoginThrottleScope.None;
        if (UserKey(userName) is { } user && _users.TryGetValue(user, out var userWindow))
        {
            var w = userWindow.WaitTime(now, config.Window, config.MaxFailuresPerUser);
            if (w > wait)
            {
                (wait, scope) = (w, LoginThrottleScope.User);
            }
        }

        if (!string.IsNullOrEmpty(clientAddress) && _addresses.TryGetValue(clientAddress, out var addressWindow))
        {
            var w = addressWindow.WaitTime(now, config.Window, config.MaxFailuresPerAddress);
            if (w > wait)
            {
                (wait, scope) = (w, LoginThrottleScope.Address);
            }
        }

        return scope == LoginThrottleScope.None
            ? LoginThrottleDecision.Allow
            : new LoginThrottleDecision(false, Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)), scope);
    }

    public void RecordFailure(string? userName, string? clientAddress)
    {
        var config = settings.Current.LoginThrottle;
        if (!config.Enabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (UserKey(userName) is { } user)
        {
            Record(_users, user, now, config.Window, config.MaxFailuresPerUser);
        }

        if (!string.IsNullOrEmpty(clientAddress))
        {
            Record(_addresses, clientAddress, now, config.Window, config.MaxFailuresPerAddress);
        }
    }

    public void RecordSuccess(string? userName)
    {
        if (UserKey(userName) is { } user)
        {
            _users.TryRemove(user, out _);
        }
    }

    internal int TrackedKeys => _users.Count + _addresses.Count;

    // Names are compared case-insensitively, as LDAP lower-cases them: "Alice" and "alice" share one budget.
    private static string? UserKey(string? userName) => string.IsNullOrEmpty(userName) ? null : userName.ToLowerInvariant();

    private static void Record(ConcurrentDictionary<string, FailureWindow> table, string key, DateTimeOffset now, TimeSpan window, int limit)
    {
        if (limit <= 0)
        {
            return;
        }

        table.GetOrAdd(key, static _ => new FailureWindow()).Add(now, window, limit);
        if (table.Count > PruneThreshold)
        {
            foreach (var pair in table)
            {
                if (pair.Value.IsStale(now, window))
                {
                    table.TryRemove(pair);
                }
            }
        }
    }

    /// <summary>The failure times of one key, oldest first, capped at the limit.</summary>
    private sealed class FailureWindow
    {
        private readonly Queue<DateTimeOffset> _failures = new();

        public void Add(DateTimeOffset now, TimeSpan window, int limit)
        {
            lock (_failures)
            {
                Expire(now, window);
                _failures.Enqueue(now);
                while (_failures.Count > limit)
                {
                    _failures.Dequeue();
                }
            }
        }

        /// <summary>How long until fewer than <paramref name="limit"/> failures remain in the window; zero if already so.</summary>
        public TimeSpan WaitTime(DateTimeOffset now, TimeSpan window, int limit)
        {
            lock (_failures)
            {
                Expire(now, window);
                if (limit <= 0 || _failures.Count < limit)
                {
                    return TimeSpan.Zero;
                }

                // The queue holds exactly `limit` failures; the attempt is allowed once the oldest leaves the window.
                return _failures.Peek() + window - now;
            }
        }

        public bool IsStale(DateTimeOffset now, TimeSpan window)
        {
            lock (_failures)
            {
                Expire(now, window);
                return _failures.Count == 0;
            }
        }

        private void Expire(DateTimeOffset now, TimeSpan window)
        {
            while (_failures.Count > 0 && now - _failures.Peek() >= window)
            {
                _failures.Dequeue();
            }
        }
    }
}
