using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// The token table: an immutable snapshot read without locks (lookups by keyed hash, id and name) and replaced as a
/// whole after each write. Writes run one at a time: validate against the current snapshot, write to storage, then
/// publish, so a failed write leaves both untouched and a completed one is seen by the next request.
/// </summary>
internal sealed class LinkisTokenStore : ILinkisTokenStore, IDisposable
{
    /// <summary>Random bytes in a generated token (256 bits, 43 URL-safe characters).</summary>
    public const int GeneratedTokenBytes = 32;

    /// <summary>Chosen tokens shorter than this are accepted (Linkis's own are) but reported as guessable.</summary>
    public const int WeakTokenLength = 16;

    private const string DefaultOwner = "BDP";

    private readonly ITokenPersistence _persistence;
    private readonly TokenHasher _hasher;
    private readonly TimeProvider _time;
    private readonly ILogger<LinkisTokenStore> _logger;
    private readonly Action<Span<byte>> _random;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SecretDigestCache<TokenDigest> _digests = new();
    private TokenSnapshot _snapshot;
    private long _lastId;

    public LinkisTokenStore(ITokenPersistence persistence, TokenHasher hasher, TimeProvider time, ILogger<LinkisTokenStore> logger, Action<Span<byte>>? random = null)
    {
        _persistence = persistence;
        _hasher = hasher;
        _time = time;
        _logger = logger;
        _random = random ?? RandomNumberGenerator.Fill;

        var table = persistence.Load();
        var keyCheck = hasher.KeyCheck();
        if (table.KeyCheck is null || !CryptographicOperations.FixedTimeEquals(table.KeyCheck, keyCheck))
        {
            if (table.KeyCheck is not null && table.Tokens.Count > 0)
            {
                LinkisTokenLog.KeyChanged(logger, table.Tokens.Count, persistence.Description);
            }

            // Remember the key in force, so that the warning above comes once per key change.
            persistence.SaveKeyCheck(keyCheck);
        }

        _snapshot = new TokenSnapshot(table.Tokens);
        _lastId = table.LastId;
        foreach (var stored in table.Tokens)
        {
            _lastId = Math.Max(_lastId, stored.Token.Id);
        }

        LinkisTokenLog.Loaded(logger, table.Tokens.Count, persistence.Description);
    }

    public IReadOnlyList<LinkisToken> Tokens => Volatile.Read(ref _snapshot).Tokens;

    public LinkisToken? FindById(long id) => Volatile.Read(ref _snapshot).ById.TryGetValue(id, out var stored) ? stored.Token : null;

    public LinkisToken? FindByName(string name) => Volatile.Read(ref _snapshot).ByName.GetValueOrDefault(name);

    public LinkisToken? FindByValue(string? token)
    {
        // Nothing longer was ever stored: no need to hash it.
        if (string.IsNullOrEmpty(token) || token.Length > TokenHasher.MaxTokenLength)
        {
            return null;
        }

        var byDigest = Volatile.Read(ref _snapshot).ByDigest;
        if (_digests.TryGet(token, out var digest))
        {
            return byDigest.GetValueOrDefault(digest);
        }

        digest = _hasher.Hash(token);
        var found = byDigest.GetValueOrDefault(digest);
        if (found is not null)
        {
            // Only tokens in the table are remembered: unknown values sent by clients never displace them.
            _digests.Add(token, digest);
        }

        return found;
    }

    public async ValueTask<LinkisTokenWriteResult> CreateAsync(LinkisTokenSpec spec, string updateBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(updateBy);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = _snapshot;
            if (spec.LegalUsers is null)
            {
                return Missing(LinkisTokenFields.LegalUsers, "write * for any user, or a comma-separated list such as alice,bob.");
            }

            if (spec.LegalHosts is null)
            {
                return Missing(LinkisTokenFields.LegalHosts, "write * for any client address, or a comma-separated list such as 10.0.0.5,10.0.0.6.");
            }

            if (spec.ElapseDay is not { } elapseDay)
            {
                return Missing(LinkisTokenFields.ElapseDay, "write the days the token stays valid (1 to 36500), or -1 for ever.");
            }

            if (Check(spec, out var legalHosts) is { } invalid)
            {
                return new LinkisTokenWriteResult(null, null, invalid);
            }

            var value = spec.Value ?? Generate();
            var digest = _hasher.Hash(value);
            if (snapshot.ByDigest.TryGetValue(digest, out var holder))
            {
                return LinkisTokenWriteResult.Refused(LinkisTokenErrorKind.Duplicate, LinkisTokenFields.Token, $"is already the value of token '{holder.Name}'; choose another, or leave it out to have one generated.");
            }

            var id = _lastId + 1;
            var name = spec.Name ?? DefaultName(id, snapshot);
            if (snapshot.ByName.ContainsKey(name))
            {
                return LinkisTokenWriteResult.Refused(LinkisTokenErrorKind.Duplicate, LinkisTokenFields.Name, $"'{name}' is already in use; choose another name.");
            }

            var now = Now();
            var token = new LinkisToken(id, name, LinkisTokenMask.Mask(value), spec.LegalUsers, legalHosts!, spec.BusinessOwner ?? DefaultOwner, now, now, elapseDay, updateBy);
            var stored = new StoredToken(token, digest);
            _persistence.Insert(stored);
            _lastId = id;
            Publish(snapshot.With(stored));
            LinkisTokenLog.Created(_logger, updateBy, name, id, token.Mask, token.LegalUsers, token.LegalHosts, token.ElapseDay);
            if (spec.Value is not null && spec.Value.Length < WeakTokenLength)
            {
                LinkisTokenLog.WeakToken(_logger, name, spec.Value.Length);
            }

            return new LinkisTokenWriteResult(token, value, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<LinkisTokenWriteResult> UpdateAsync(long id, LinkisTokenSpec change, string updateBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(updateBy);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = _snapshot;
            if (!snapshot.ById.TryGetValue(id, out var current))
            {
                return LinkisTokenWriteResult.Refused(LinkisTokenErrorKind.NotFound, LinkisTokenFields.Id, string.Create(CultureInfo.InvariantCulture, $"{id} names no token."));
            }

            if (change.Value is not null && change.Regenerate)
            {
                return LinkisTokenWriteResult.Refused(LinkisTokenErrorKind.Invalid, LinkisTokenFields.Token, "and regenerate were both given; send a new token or regenerate: true, not both.");
            }

            if (Check(change, out var legalHosts) is { } invalid)
            {
                return new LinkisTokenWriteResult(null, null, invalid);
            }

            var value = change.Regenerate ? Generate() : change.Value;
            var digest = current.Digest;
            if (value is not null)
            {
                digest = _hasher.Hash(value);
                if (snapshot.ByDigest.TryGetValue(digest, out var holder) && holder.Id != id)
                {
                    return LinkisTokenWriteResult.Refused(LinkisTokenErrorKind.Duplicate, LinkisTokenFields.Token, $"is already the value of token '{holder.Name}'; choose another, or regenerate one.");
                }

                if (digest == current.Digest)
                {
                    // The token keeps its value: nothing new to show.
                    value = null;
                }
            }

            var name = change.Name ?? current.Token.Name;
            if (snapshot.ByName.TryGetValue(name, out var named) && named.Id != id)
            {
                return LinkisTokenWriteResult.Refused(LinkisTokenErrorKind.Duplicate, LinkisTokenFields.Name, $"'{name}' is already in use; choose another name.");
            }

            var token = current.Token with
            {
                Name = name,
                Mask = value is null ? current.Token.Mask : LinkisTokenMask.Mask(value),
                LegalUsers = change.LegalUsers ?? current.Token.LegalUsers,
                LegalHosts = legalHosts ?? current.Token.LegalHosts,
                BusinessOwner = change.BusinessOwner ?? current.Token.BusinessOwner,
                ElapseDay = change.ElapseDay ?? current.Token.ElapseDay,
                UpdateTime = Now(),
                UpdateBy = updateBy,
            };
            var stored = new StoredToken(token, digest);
            _persistence.Update(stored);
            Publish(snapshot.With(stored));
            LinkisTokenLog.Updated(_logger, updateBy, name, id, value is null ? "" : ", replacing its value");
            if (change.Value is not null && value is not null && change.Value.Length < WeakTokenLength)
            {
                LinkisTokenLog.WeakToken(_logger, name, change.Value.Length);
            }

            return new LinkisTokenWriteResult(token, value, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<bool> DeleteAsync(long id, string deletedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deletedBy);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = _snapshot;
            if (!snapshot.ById.TryGetValue(id, out var current))
            {
                return false;
            }

            _persistence.Delete(id);
            Publish(snapshot.Without(id));
            LinkisTokenLog.Deleted(_logger, deletedBy, current.Token.Name, id);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _persistence.Dispose();
        _gate.Dispose();
    }

    /// <summary>Checks the properties that are set; <paramref name="legalHosts"/> is their canonical form (null when unset).</summary>
    private static LinkisTokenError? Check(LinkisTokenSpec spec, out string? legalHosts)
    {
        legalHosts = null;
        return (spec.Name is null ? null : TokenRules.CheckName(spec.Name))
            ?? (spec.Value is null ? null : TokenRules.CheckValue(spec.Value))
            ?? (spec.LegalUsers is null ? null : TokenRules.CheckUsers(spec.LegalUsers))
            ?? (spec.LegalHosts is null ? null : TokenRules.CheckHosts(spec.LegalHosts, out legalHosts))
            ?? (spec.BusinessOwner is null ? null : TokenRules.CheckOwner(spec.BusinessOwner))
            ?? (spec.ElapseDay is not { } days ? null : TokenRules.CheckElapseDay(days));
    }

    private static LinkisTokenWriteResult Missing(string field, string fix) =>
        LinkisTokenWriteResult.Refused(LinkisTokenErrorKind.Invalid, field, "is required; " + fix);

    // token-<id>, made unique should someone have chosen that very name for another token.
    private static string DefaultName(long id, TokenSnapshot snapshot)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"token-{id}");
        for (var suffix = 2; snapshot.ByName.ContainsKey(name); suffix++)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"token-{id}-{suffix}");
        }

        return name;
    }

    // Stored with millisecond precision (Linkis's), so the memory copy equals what a restart reads back.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());

    private string Generate()
    {
        Span<byte> bytes = stackalloc byte[GeneratedTokenBytes];
        _random(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    private void Publish(TokenSnapshot snapshot)
    {
        Volatile.Write(ref _snapshot, snapshot);

        // A changed or deleted token's value leaves memory with its row; live ones are hashed once more.
        _digests.Clear();
    }

    /// <summary>One immutable version of the table and its indexes.</summary>
    private sealed class TokenSnapshot
    {
        private readonly StoredToken[] _stored;

        public TokenSnapshot(IReadOnlyList<StoredToken> stored)
        {
            _stored = [.. stored];
            Array.Sort(_stored, static (a, b) => a.Token.Id.CompareTo(b.Token.Id));
            var tokens = new LinkisToken[_stored.Length];
            ById = new Dictionary<long, StoredToken>(_stored.Length);
            ByDigest = new Dictionary<TokenDigest, LinkisToken>(_stored.Length);
            ByName = new Dictionary<string, LinkisToken>(_stored.Length, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < _stored.Length; i++)
            {
                var entry = _stored[i];
                tokens[i] = entry.Token;
                ById[entry.Token.Id] = entry;
                ByDigest[entry.Digest] = entry.Token;
                ByName[entry.Token.Name] = entry.Token;
            }

            Tokens = Array.AsReadOnly(tokens);
        }

        public IReadOnlyList<LinkisToken> Tokens { get; }

        public Dictionary<long, StoredToken> ById { get; }

        public Dictionary<TokenDigest, LinkisToken> ByDigest { get; }

        public Dictionary<string, LinkisToken> ByName { get; }

        public TokenSnapshot With(StoredToken stored)
        {
            var list = new List<StoredToken>(_stored.Length + 1);
            foreach (var entry in _stored)
            {
                if (entry.Token.Id != stored.Token.Id)
                {
                    list.Add(entry);
                }
            }

            list.Add(stored);
            return new TokenSnapshot(list);
        }

        public TokenSnapshot Without(long id)
        {
            var list = new List<StoredToken>(_stored.Length);
            foreach (var entry in _stored)
            {
                if (entry.Token.Id != id)
                {
                    list.Add(entry);
                }
            }

            return new TokenSnapshot(list);
        }
    }
}
