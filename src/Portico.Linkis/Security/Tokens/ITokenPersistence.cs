namespace Portico.Security.Linkis.Tokens;

/// <summary>A token with the keyed hash of its value, as kept in memory and on disk.</summary>
internal readonly record struct StoredToken(LinkisToken Token, TokenDigest Digest);

/// <summary>What storage holds: the tokens, the highest id ever given, and the check value of the key that hashed them.</summary>
internal sealed record TokenTable(IReadOnlyList<StoredToken> Tokens, long LastId, byte[]? KeyCheck);

/// <summary>
/// Durable storage behind the in-memory token table. Called only at start-up and by admin writes, one caller at a time;
/// a write that throws leaves storage as it was.
/// </summary>
internal interface ITokenPersistence : IDisposable
{
    /// <summary>A description for logs (e.g. the file path).</summary>
    string Description { get; }

    /// <summary>Reads the whole table (start-up only).</summary>
    TokenTable Load();

    /// <summary>Records the check value of the hashing key.</summary>
    void SaveKeyCheck(byte[] keyCheck);

    /// <summary>Adds a token (its id is already assigned).</summary>
    void Insert(StoredToken token);

    /// <summary>Replaces the token with the same id.</summary>
    void Update(StoredToken token);

    /// <summary>Removes the token with <paramref name="id"/>.</summary>
    void Delete(long id);
}

/// <summary>No durable storage: tokens live in memory only and are lost on restart.</summary>
internal sealed class MemoryTokenPersistence : ITokenPersistence
{
    public string Description => "memory";

    public TokenTable Load() => new([], 0, null);

    public void SaveKeyCheck(byte[] keyCheck)
    {
    }

    public void Insert(StoredToken token)
    {
    }

    public void Update(StoredToken token)
    {
    }

    public void Delete(long id)
    {
    }

    public void Dispose()
    {
    }
}
