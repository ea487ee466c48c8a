namespace Portico.Security.Linkis.Throttling;

/// <summary>What a throttle entry counts.</summary>
internal enum ThrottleKeyKind : byte
{
    /// <summary>Failures of one user name from one address (consecutive count and last failure).</summary>
    UserAndAddress = 1,

    /// <summary>Failures of one user name from all addresses (failure times in the window).</summary>
    User = 2,

    /// <summary>Failures from one address for any user names (failure times in the window).</summary>
    Address = 3,

    /// <summary>An address the user logged in from (time of the last success).</summary>
    KnownAddress = 4,
}

/// <summary>The key of a throttle entry; the user name is lower-cased and empty for address entries, the address is empty when unknown.</summary>
internal readonly record struct ThrottleKey(ThrottleKeyKind Kind, string UserName, string Address);

/// <summary>A throttle entry as stored: a count, a time and the failure times of a window (epoch milliseconds).</summary>
internal sealed record PersistedThrottleEntry(ThrottleKey Key, int Count, long Last, long[] Failures);
