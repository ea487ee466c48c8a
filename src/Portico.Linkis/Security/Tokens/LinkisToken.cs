namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// A Linkis authentication token as the store keeps it: the columns of Linkis's <c>linkis_mg_gateway_auth_token</c>,
/// except that the token itself is never kept, only a keyed hash (internal) and <see cref="Mask"/>.
/// </summary>
/// <param name="Id">Linkis's numeric id, assigned by the store and never reused.</param>
/// <param name="Name">
/// A unique label that is not secret (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>): how Portico's own API, the logs and
/// the admin address the token. In Linkis the token's name <em>is</em> the token; here the token is the secret and the
/// name only identifies it.
/// </param>
/// <param name="Mask">The token's first characters followed by <c>***</c>, for display and error texts (D10).</param>
/// <param name="LegalUsers">Comma-separated users the token may act as, or <c>*</c>; entries are compared exactly.</param>
/// <param name="LegalHosts">Comma-separated client addresses the token may be used from, or <c>*</c>.</param>
/// <param name="BusinessOwner">Who the token belongs to (free text; Linkis writes <c>BDP</c>).</param>
/// <param name="CreateTime">When the token was created; its lifetime counts from here.</param>
/// <param name="UpdateTime">When the token was last changed.</param>
/// <param name="ElapseDay">Days the token stays valid after <see cref="CreateTime"/>; <c>-1</c> for ever.</param>
/// <param name="UpdateBy">Who last created or changed the token.</param>
public sealed record LinkisToken(
    long Id,
    string Name,
    string Mask,
    string LegalUsers,
    string LegalHosts,
    string BusinessOwner,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime,
    long ElapseDay,
    string UpdateBy)
{
    /// <summary>The <see cref="ElapseDay"/> of a token that never expires.</summary>
    public const long Forever = -1;

    private const long MillisPerDay = 86_400_000;

    /// <summary>When the token stops being valid, or null when it never does.</summary>
    public DateTimeOffset? ExpiresAt =>
        ExpiryMillis() is { } millis && millis <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(millis, DateTimeOffset.MinValue.ToUnixTimeMilliseconds()))
            : null;

    /// <summary>
    /// Whether the token has expired at <paramref name="now"/>: Linkis's rule, now &gt; create time + elapse days
    /// (in milliseconds), unless the elapse days are <see cref="Forever"/>.
    /// </summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiryMillis() is { } millis && now.ToUnixTimeMilliseconds() > millis;

    /// <summary>Whether <paramref name="user"/> is one of <see cref="LegalUsers"/> (or they are <c>*</c>).</summary>
    public bool AllowsUser(string? user) => ListAllows(LegalUsers, user);

    /// <summary>Whether <paramref name="host"/> is one of <see cref="LegalHosts"/> (or they are <c>*</c>).</summary>
    public bool AllowsHost(string? host) => ListAllows(LegalHosts, host);

    // Null when the token never expires (or its end lies beyond any representable time).
    private long? ExpiryMillis()
    {
        if (ElapseDay == Forever)
        {
            return null;
        }

        // 128-bit arithmetic: a damaged row (a huge or negative elapse) must not overflow into a wrong answer.
        var end = (Int128)CreateTime.ToUnixTimeMilliseconds() + ((Int128)ElapseDay * MillisPerDay);
        return end > long.MaxValue ? null : end < long.MinValue ? long.MinValue : (long)end;
    }

    // Linkis splits on ',' without trimming and accepts an exact entry or '*'; a blank list allows nobody.
    private static bool ListAllows(string list, string? value)
    {
        var rest = list.AsSpan();
        while (true)
        {
            var comma = rest.IndexOf(',');
            var entry = comma < 0 ? rest : rest[..comma];
            if ((entry.Length == 1 && entry[0] == '*') || (value is not null && entry.Length > 0 && entry.SequenceEqual(value)))
            {
                return true;
            }

            if (comma < 0)
            {
                return false;
            }

            rest = rest[(comma + 1)..];
        }
    }
}
