namespace Portico.Security.Linkis.Tokens;

/// <summary>Token authentication (<c>linkis-security:tokens</c>, §4.5).</summary>
public sealed record LinkisTokenConfig
{
    /// <summary>Accepts <c>Token-Code</c>/<c>Token-User</c> (<c>wds.linkis.gateway.conf.enable.token.auth</c>).</summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// Records the ticket issued for every token request in the session store, as a <c>Token-Alive: true</c> request
    /// does (<c>wds.linkis.gateway.auth.token.alive.enable</c>).
    /// </summary>
    public bool AliveEnabled { get; init; }

    /// <summary>
    /// Where tokens are kept: <c>sqlite</c> (default: <c>linkis-tokens.db</c> in the data directory) or <c>memory</c>
    /// (lost on restart).
    /// </summary>
    public TokenPersistenceMode Persistence { get; init; } = TokenPersistenceMode.Sqlite;
}

/// <summary>Where the token store keeps tokens.</summary>
public enum TokenPersistenceMode
{
    /// <summary>An SQLite file in the data directory.</summary>
    Sqlite,

    /// <summary>In memory only.</summary>
    Memory,
}
