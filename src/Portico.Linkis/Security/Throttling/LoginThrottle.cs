using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Portico.Security.Linkis.Throttling;

/// <summary>
/// The login throttle's rule, in four bounded tables guarded by one lock (logins are rare next to the password check
/// they guard, so the lock is never contended for long):
/// <list type="bullet">
/// <item>A user name from one address: after <c>max-failures-per-user</c> failures, refused for <c>initial-delay</c>,
/// doubling with each further failure up to <c>max-delay</c>; forgotten on a success from that address, or when no
/// failure came for <c>window</c> after the delay ended.</item>
/// <item>A user name from all addresses: at <c>max-failures-per-user-all-addresses</c> failures in <c>window</c>, refused
/// until the oldest leaves the window, except from an address the user logged in from within
/// <see cref="KnownAddressLifetime"/>, so that guessing from elsewhere cannot lock a user out of its usual address.</item>
/// <item>An address for any user names: at <c>max-failures-per-address</c> failures in <c>window</c>, refused until the
/// oldest leaves the window.</item>
/// </list>
/// Changes are written behind by <see cref="FlushAsync"/>, never on the request path.
/// </summary>
internal sealed class LoginThrottle : ILoginThrottle, IDisposable
{
    /// <summary>How long an address a user logged in from spares it from the all-addresses ceiling.</summary>
    internal static readonly TimeSpan KnownAddressLifetime = TimeSpan.FromDays(30);

    private readonly ILinkisSecuritySettings _settings;
    private readonly TimeProvider _time;
    private readonly ILoginThrottlePersistence _persistence;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly BoundedTable<PairEntry> _pairs = new();
    private readonly BoundedTable<FailureWindow> _users = new();
    private readonly BoundedTable<FailureWindow> _addresses = new();
    private readonly BoundedTable<PairEntry> _known = new();

    // Keys changed since the last flush: written if still tracked, deleted if not.
    private HashSet<ThrottleKey> _dirty = [];
    private readonly SemaphoreSlim _changed = new(0, 1);
    private int _signalled;

    public LoginThrottle(ILinkisSecuritySettings settings, TimeProvider time, ILoginThrottlePersistence? persistence = null, ILogger<LoginThrottle>? logger = null)
    {
        _settings = settings;
        _time = time;
        _persistence = persistence ?? new MemoryLoginThrottlePersistence();
        _logger = logger ?? NullLogger<LoginThrottle>.Instance;
        Load();
    }

    internal int TrackedKeys
    {
        get
        {
            lock (_gate)
            {
                return _pairs.Count + _users.Count + _addresses.Count + _known.Count;
            }
        }
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public LoginThrottleDecision Check(string? userName, string? clientAddress)
    {
        var config = _settings.Current.LoginThrottle;
        if (!config.Enabled)
        {
            return LoginThrottleDecision.Allow;
        }

        var now = Now;
        var window = (long)config.Window.TotalMilliseconds;
        var address = clientAddress ?? "";
        var wait = 0L;
        var scope = LoginThrottleScope.None;
        lock (_gate)
        {
            if (UserKey(userName) is { } user)
            {
                if (_pairs.TryGet(new(ThrottleKeyKind.UserAndAddress, user, address), out var pair) && pair.Count >= config.MaxFailuresPerUser && config.MaxFailuresPerUser > 0)
                {
                    Raise(ref wait, ref scope, pair.Last + Delay(pair.Count, config) - now, LoginThrottleScope.UserAndAddress);
                }

                if (_users.TryGet(new(ThrottleKeyKind.User, user, ""), out var all) && !IsKnown(user, address, now))
                {
                    Raise(ref wait, ref scope, all.WaitTime(now, window, config.MaxFailuresPerUserAllAddresses), LoginThrottleScope.User);
                }
            }

            if (address.Length > 0 && _addresses.TryGet(new(ThrottleKeyKind.Address, "", address), out var fromAddress))
            {
                Raise(ref wait, ref scope, fromAddress.WaitTime(now, window, config.MaxFailuresPerAddress), LoginThrottleScope.Address);
            }
        }

        return scope == LoginThrottleScope.None
            ? LoginThrottleDecision.Allow
            : new LoginThrottleDecision(false, (int)Math.Max(1, Math.Min(int.MaxValue, (wait + 999) / 1000)), scope);
    }

    public void RecordFailure(string? userName, string? clientAddress)
    {
        var config = _settings.Current.LoginThrottle;
        if (!config.Enabled)
        {
            return;
        }

        var now = Now;
        var window = (long)config.Window.TotalMilliseconds;
        var address = clientAddress ?? "";
        lock (_gate)
        {
            if (UserKey(userName) is { } user)
            {
                var pairKey = new ThrottleKey(ThrottleKeyKind.UserAndAddress, user, address);
                var pair = _pairs.Touch(pairKey, static () => new PairEntry(), config.MaxTrackedKeys, _dirty);
                if (pair.Count > 0 && IsStale(pair, now, window, config))
                {
                    pair.Count = 0;
                }

                pair.Count++;
                pair.Last = now;
                _dirty.Add(pairKey);

                if (config.MaxFailuresPerUserAllAddresses > 0)
                {
                    var userKey = new ThrottleKey(ThrottleKeyKind.User, user, "");
                    _users.Touch(userKey, static () => new FailureWindow(), config.MaxTrackedKeys, _dirty).Add(now, window, config.MaxFailuresPerUserAllAddresses);
                    _dirty.Add(userKey);
                }
            }

            if (address.Length > 0 && config.MaxFailuresPerAddress > 0)
            {
                var addressKey = new ThrottleKey(ThrottleKeyKind.Address, "", address);
                _addresses.Touch(addressKey, static () => new FailureWindow(), config.MaxTrackedKeys, _dirty).Add(now, window, config.MaxFailuresPerAddress);
                _dirty.Add(addressKey);
            }
        }

        Signal();
    }

    public void RecordSuccess(string? userName, string? clientAddress)
    {
        if (UserKey(userName) is not { } user)
        {
            return;
        }

        var config = _settings.Current.LoginThrottle;
        var address = clientAddress ?? "";
        var now = Now;
        lock (_gate)
        {
            var pairKey = new ThrottleKey(ThrottleKeyKind.UserAndAddress, user, address);
            if (_pairs.Remove(pairKey))
            {
                _dirty.Add(pairKey);
            }

            // The user's failures from elsewhere stay: a real login says nothing about someone guessing from another address.
            if (address.Length > 0)
            {
                var knownKey = new ThrottleKey(ThrottleKeyKind.KnownAddress, user, address);
                _known.Touch(knownKey, static () => new PairEntry(), config.MaxTrackedKeys, _dirty).Last = now;
                _dirty.Add(knownKey);
            }
        }

        Signal();
    }

    /// <summary>Waits until something changed since the last flush.</summary>
    internal async Task WaitForChangesAsync(CancellationToken cancellationToken)
    {
        await _changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _signalled, 0);
    }

    /// <summary>
    /// Writes the entries changed since the last flush and deletes those no longer tracked (stale ones are dropped first).
    /// A failed write is logged and retried by the next flush; the throttle keeps working from memory.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        HashSet<ThrottleKey> dirty;
        var upserts = new List<PersistedThrottleEntry>();
        var deletes = new List<ThrottleKey>();
        lock (_gate)
        {
            DropStale();
            if (_dirty.Count == 0)
            {
                return;
            }

            (dirty, _dirty) = (_dirty, []);
            foreach (var key in dirty)
            {
                if (Snapshot(key) is { } entry)
                {
                    upserts.Add(entry);
                }
                else
                {
                    deletes.Add(key);
                }
            }
        }

        try
        {
            await _persistence.WriteAsync(upserts, deletes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            lock (_gate)
            {
                _dirty.UnionWith(dirty);
            }

            LinkisSecurityLog.ThrottlePersistenceFailed(_logger, _persistence.Description, ex);
        }
    }

    public void Dispose()
    {
        _persistence.Dispose();
        _changed.Dispose();
    }

    // Names are compared case-insensitively, as LDAP lower-cases them: "Alice" and "alice" share one budget.
    private static string? UserKey(string? userName) => string.IsNullOrEmpty(userName) ? null : userName.ToLowerInvariant();

    private static void Raise(ref long wait, ref LoginThrottleScope scope, long candidate, LoginThrottleScope candidateScope)
    {
        if (candidate > wait)
        {
            (wait, scope) = (candidate, candidateScope);
        }
    }

    /// <summary>The delay after <paramref name="count"/> failures: initial-delay doubled per failure past the limit, at most max-delay (ms).</summary>
    internal static long Delay(int count, LoginThrottleConfig config)
    {
        var limit = config.MaxFailuresPerUser;
        if (limit <= 0 || count < limit)
        {
            return 0;
        }

        var initial = (long)config.InitialDelay.TotalMilliseconds;
        var max = (long)config.MaxDelay.TotalMilliseconds;
        var doublings = count - limit;
        return doublings >= 62 || initial > max >> doublings ? max : initial << doublings;
    }

    private static bool IsStale(PairEntry pair, long now, long window, LoginThrottleConfig config) =>
        now - pair.Last >= Delay(pair.Count, config) + window;

    private bool IsKnown(string user, string address, long now) =>
        address.Length > 0
        && _known.TryGet(new(ThrottleKeyKind.KnownAddress, user, address), out var known)
        && now - known.Last < (long)KnownAddressLifetime.TotalMilliseconds;

    private void Signal()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _changed.Release();
        }
    }

    private void DropStale()
    {
        var config = _settings.Current.LoginThrottle;
        var now = Now;
        var window = (long)config.Window.TotalMilliseconds;
        List<ThrottleKey>? stale = null;
        foreach (var (key, pair) in _pairs.Entries())
        {
            if (IsStale(pair, now, window, config))
            {
                (stale ??= []).Add(key);
            }
        }

        foreach (var (key, failures) in _users.Entries().Concat(_addresses.Entries()))
        {
            if (failures.IsEmpty(now, window))
            {
                (stale ??= []).Add(key);
            }
        }

        foreach (var (key, known) in _known.Entries())
        {
            if (now - known.Last >= (long)KnownAddressLifetime.TotalMilliseconds)
            {
                (stale ??= []).Add(key);
            }
        }

        foreach (var key in stale ?? [])
        {
            _ = key.Kind switch
            {
                ThrottleKeyKind.UserAndAddress => _pairs.Remove(key),
                ThrottleKeyKind.User => _users.Remove(key),
                ThrottleKeyKind.Address => _addresses.Remove(key),
                _ => _known.Remove(key),
            };
            _dirty.Add(key);
        }
    }

    private PersistedThrottleEntry? Snapshot(ThrottleKey key)
    {
        switch (key.Kind)
        {
            case ThrottleKeyKind.UserAndAddress when _pairs.TryGet(key, out var pair):
                return new(key, pair.Count, pair.Last, []);
            case ThrottleKeyKind.KnownAddress when _known.TryGet(key, out var known):
                return new(key, 0, known.Last, []);
            case ThrottleKeyKind.User when _users.TryGet(key, out var failures):
                return failures.Snapshot(key);
            case ThrottleKeyKind.Address when _addresses.TryGet(key, out var failures):
                return failures.Snapshot(key);
            default:
                return null;
        }
    }

    private void Load()
    {
        var capacity = _settings.Current.LoginThrottle.MaxTrackedKeys;

        // Entries come oldest first, so the least recently changed are the first forgotten, as before the restart.
        var ignored = new List<ThrottleKey>();
        foreach (var entry in _persistence.LoadAll())
        {
            switch (entry.Key.Kind)
            {
                case ThrottleKeyKind.UserAndAddress:
                    var pair = _pairs.Touch(entry.Key, static () => new PairEntry(), capacity, ignored);
                    (pair.Count, pair.Last) = (entry.Count, entry.Last);
                    break;
                case ThrottleKeyKind.KnownAddress:
                    _known.Touch(entry.Key, static () => new PairEntry(), capacity, ignored).Last = entry.Last;
                    break;
                case ThrottleKeyKind.User:
                    _users.Touch(entry.Key, static () => new FailureWindow(), capacity, ignored).Restore(entry.Failures);
                    break;
                case ThrottleKeyKind.Address:
                    _addresses.Touch(entry.Key, static () => new FailureWindow(), capacity, ignored).Restore(entry.Failures);
                    break;
            }
        }

        _dirty.UnionWith(ignored);
        if (_persistence is not MemoryLoginThrottlePersistence)
        {
            LinkisSecurityLog.ThrottleLoaded(_logger, TrackedKeys, _persistence.Description);
        }
    }

    /// <summary>A user name from one address (failures in a row and the last one), or a known address (its last success).</summary>
    private sealed class PairEntry
    {
        public int Count { get; set; }

        public long Last { get; set; }
    }

    /// <summary>The failure times of one key, oldest first, at most as many as the limit.</summary>
    private sealed class FailureWindow
    {
        private readonly Queue<long> _failures = new();

        public void Add(long now, long window, int limit)
        {
            Expire(now, window);
            _failures.Enqueue(now);
            while (_failures.Count > limit)
            {
                _failures.Dequeue();
            }
        }

        /// <summary>Milliseconds until fewer than <paramref name="limit"/> failures remain in the window; zero or less if already so.</summary>
        public long WaitTime(long now, long window, int limit)
        {
            Expire(now, window);
            if (limit <= 0 || _failures.Count < limit)
            {
                return 0;
            }

            // The attempt is allowed once enough of the oldest failures left the window to bring the count below the limit.
            return _failures.ElementAt(_failures.Count - limit) + window - now;
        }

        public bool IsEmpty(long now, long window)
        {
            Expire(now, window);
            return _failures.Count == 0;
        }

        public PersistedThrottleEntry Snapshot(ThrottleKey key) => new(key, _failures.Count, _failures.Count == 0 ? 0 : _failures.Last(), [.. _failures]);

        public void Restore(long[] failures)
        {
            _failures.Clear();
            foreach (var failure in failures)
            {
                _failures.Enqueue(failure);
            }
        }

        private void Expire(long now, long window)
        {
            while (_failures.Count > 0 && now - _failures.Peek() >= window)
            {
                _failures.Dequeue();
            }
        }
    }
}
