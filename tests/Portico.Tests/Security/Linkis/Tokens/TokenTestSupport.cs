using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Security.Linkis.Tokens;

namespace Portico.Tests.Security.Linkis.Tokens;

/// <summary>Builds token stores for tests: a fixed key, a manual clock and predictable "random" tokens.</summary>
internal static class TokenTestSupport
{
    public const string CryptKey = "a-test-crypt-key-0123456789";

    /// <summary>A token spec every check accepts.</summary>
    public static LinkisTokenSpec Spec(string? value = null, string? name = null) => new()
    {
        Name = name,
        Value = value,
        LegalUsers = "*",
        LegalHosts = "*",
        ElapseDay = LinkisToken.Forever,
    };

    /// <summary>Fills generated tokens with a counter, so each one is different and known in advance.</summary>
    public static Action<Span<byte>> CountingRandom()
    {
        byte next = 0;
        return bytes =>
        {
            next++;
            bytes.Fill(next);
        };
    }

    public static LinkisTokenStore Store(ITokenPersistence persistence, TimeProvider time, string key = CryptKey, ILogger<LinkisTokenStore>? logger = null) =>
        new(persistence, new TokenHasher(key), time, logger ?? NullLogger<LinkisTokenStore>.Instance, CountingRandom());
}

/// <summary>Storage that fails every write, to prove a failed write changes nothing.</summary>
internal sealed class FailingTokenPersistence : ITokenPersistence
{
    public string Description => "failing";

    public bool Fail { get; set; }

    public TokenTable Load() => new([], 0, null);

    public void SaveKeyCheck(byte[] keyCheck)
    {
    }

    public void Insert(StoredToken token) => ThrowIfFailing();

    public void Update(StoredToken token) => ThrowIfFailing();

    public void Delete(long id) => ThrowIfFailing();

    public void Dispose()
    {
    }

    private void ThrowIfFailing()
    {
        if (Fail)
        {
            throw new IOException("disk full");
        }
    }
}
