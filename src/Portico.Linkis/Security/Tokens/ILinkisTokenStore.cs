namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// The Linkis token table. Reads come from an in-memory snapshot (no I/O, safe on the request path) and see every
/// completed write at once; writes are validated, stored durably, then published, and leave the table unchanged when
/// they fail. Tokens themselves are never kept: the store holds a keyed hash and a mask of each.
/// </summary>
public interface ILinkisTokenStore
{
    /// <summary>Every token, by id.</summary>
    IReadOnlyList<LinkisToken> Tokens { get; }

    /// <summary>The token with <paramref name="id"/>, or null.</summary>
    LinkisToken? FindById(long id);

    /// <summary>The token named <paramref name="name"/> (case-insensitive), or null.</summary>
    LinkisToken? FindByName(string name);

    /// <summary>The token whose secret value is <paramref name="token"/>, or null.</summary>
    LinkisToken? FindByValue(string? token);

    /// <summary>
    /// Adds a token. <see cref="LinkisTokenSpec.LegalUsers"/>, <see cref="LinkisTokenSpec.LegalHosts"/> and
    /// <see cref="LinkisTokenSpec.ElapseDay"/> are required; without <see cref="LinkisTokenSpec.Value"/> a random token is
    /// generated, without <see cref="LinkisTokenSpec.Name"/> the name is <c>token-&lt;id&gt;</c>. The result carries the
    /// token value: the only time it can be read.
    /// </summary>
    ValueTask<LinkisTokenWriteResult> CreateAsync(LinkisTokenSpec spec, string updateBy, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the token with <paramref name="id"/>: the properties of <paramref name="change"/> that are set replace the
    /// stored ones, the others stay. A new <see cref="LinkisTokenSpec.Value"/> (or <see cref="LinkisTokenSpec.Regenerate"/>)
    /// replaces the token itself, whose new value the result then carries.
    /// </summary>
    ValueTask<LinkisTokenWriteResult> UpdateAsync(long id, LinkisTokenSpec change, string updateBy, CancellationToken cancellationToken);

    /// <summary>Removes the token with <paramref name="id"/> (<paramref name="deletedBy"/> is logged); false when there is none.</summary>
    ValueTask<bool> DeleteAsync(long id, string deletedBy, CancellationToken cancellationToken);
}

/// <summary>The properties of a token to create, or those to change (unset properties stay as they are).</summary>
public sealed record LinkisTokenSpec
{
    /// <summary>The token's label (see <see cref="LinkisToken.Name"/>).</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The secret token clients send in <c>Token-Code</c>: 1 to 128 visible ASCII characters without <c>" , ; \</c>
    /// (it travels in headers and cookies). Linkis's own tokens are short names such as <c>LINKIS-AUTH</c>; a generated
    /// token is 43 random URL-safe characters (256 bits).
    /// </summary>
    public string? Value { get; init; }

    /// <summary>Replaces the token with a newly generated one (an update only).</summary>
    public bool Regenerate { get; init; }

    /// <summary>Comma-separated users, or <c>*</c>.</summary>
    public string? LegalUsers { get; init; }

    /// <summary>Comma-separated client IP addresses, or <c>*</c>.</summary>
    public string? LegalHosts { get; init; }

    /// <summary>The owner (default <c>BDP</c>, as Linkis writes).</summary>
    public string? BusinessOwner { get; init; }

    /// <summary>Days of validity from creation, 1 to 36500, or -1 for ever.</summary>
    public long? ElapseDay { get; init; }
}

/// <summary>The outcome of a token write.</summary>
/// <param name="Token">The token as stored now; null when the write was refused.</param>
/// <param name="Value">The token's secret value when the write created or replaced it (shown once), else null.</param>
/// <param name="Error">Why the write was refused; null on success.</param>
public sealed record LinkisTokenWriteResult(LinkisToken? Token, string? Value, LinkisTokenError? Error)
{
    /// <summary>Whether the write was done.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A refusal.</summary>
    public static LinkisTokenWriteResult Refused(LinkisTokenErrorKind kind, string field, string message) => new(null, null, new LinkisTokenError(kind, field, message));
}

/// <summary>Why a token write was refused.</summary>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Field">The offending property, named as in <see cref="LinkisTokenFields"/>.</param>
/// <param name="Message">What was wrong and how to fix it, starting after the field name.</param>
public sealed record LinkisTokenError(LinkisTokenErrorKind Kind, string Field, string Message);

/// <summary>The kinds of refused token writes.</summary>
public enum LinkisTokenErrorKind
{
    /// <summary>A value is missing or malformed.</summary>
    Invalid,

    /// <summary>The name or the token value is already in use.</summary>
    Duplicate,

    /// <summary>No token has the given id.</summary>
    NotFound,
}

/// <summary>The field names token errors use (the JSON names of Portico's token API).</summary>
public static class LinkisTokenFields
{
    /// <summary>The label.</summary>
    public const string Name = "name";

    /// <summary>The secret value.</summary>
    public const string Token = "token";

    /// <summary>The legal users.</summary>
    public const string LegalUsers = "legalUsers";

    /// <summary>The legal hosts.</summary>
    public const string LegalHosts = "legalHosts";

    /// <summary>The owner.</summary>
    public const string BusinessOwner = "businessOwner";

    /// <summary>The validity in days.</summary>
    public const string ElapseDay = "elapseDay";

    /// <summary>The id.</summary>
    public const string Id = "id";
}
