using Microsoft.Data.Sqlite;

namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// Keeps the token table in an SQLite file in the data directory, with Linkis's columns except that the token is
/// replaced by its keyed hash and its mask: a copy of the file yields no usable token.
/// </summary>
internal sealed class SqliteTokenPersistence : ITokenPersistence
{
    public const string FileName = "linkis-tokens.db";

    private const int SchemaVersion = 1;
    private const string Table = "linkis_gateway_auth_token";
    private const string KeyCheckName = "key_check";
    private const string Columns = "id, name, token_hmac, token_mask, legal_users, legal_hosts, business_owner, create_time, update_time, elapse_day, update_by";

    private readonly SqliteConnection _connection;

    public SqliteTokenPersistence(string dataDirectory)
    {
        Description = Path.Combine(dataDirectory, FileName);
        _connection = LinkisSqlite.Open(Description, SchemaVersion, "token");

        // AUTOINCREMENT keeps ids of deleted tokens from coming back, as MySQL's auto_increment does for Linkis.
        LinkisSqlite.Execute(_connection, $"""
            CREATE TABLE IF NOT EXISTS {Table} (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                token_hmac BLOB NOT NULL UNIQUE,
                token_mask TEXT NOT NULL,
                legal_users TEXT NOT NULL,
                legal_hosts TEXT NOT NULL,
                business_owner TEXT NOT NULL,
                create_time INTEGER NOT NULL,
                update_time INTEGER NOT NULL,
                elapse_day INTEGER NOT NULL,
                update_by TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS linkis_token_meta (
                key TEXT NOT NULL PRIMARY KEY,
                value BLOB NOT NULL
            ) WITHOUT ROWID;
            PRAGMA user_version = {SchemaVersion};
            """);
    }

    public string Description { get; }

    public TokenTable Load()
    {
        var tokens = new List<StoredToken>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = $"SELECT {Columns} FROM {Table} ORDER BY id;";
            using var reader = command.ExecuteReader();
            var digest = new byte[TokenDigest.Size];
            while (reader.Read())
            {
                if (reader.GetBytes(2, 0, digest, 0, digest.Length) != TokenDigest.Size)
                {
                    continue;
                }

                var token = new LinkisToken(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                    reader.GetInt64(9),
                    reader.GetString(10));
                tokens.Add(new StoredToken(token, new TokenDigest(digest)));
            }
        }

        long lastId = 0;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = $"SELECT seq FROM sqlite_sequence WHERE name = '{Table}';";
            if (command.ExecuteScalar() is long seq)
            {
                lastId = seq;
            }
        }

        byte[]? keyCheck = null;
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT value FROM linkis_token_meta WHERE key = $key;";
            command.Parameters.AddWithValue("$key", KeyCheckName);
            keyCheck = command.ExecuteScalar() as byte[];
        }

        return new TokenTable(tokens, lastId, keyCheck);
    }

    public void SaveKeyCheck(byte[] keyCheck)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO linkis_token_meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;";
        command.Parameters.AddWithValue("$key", KeyCheckName);
        command.Parameters.Add("$value", SqliteType.Blob).Value = keyCheck;
        command.ExecuteNonQuery();
    }

    public void Insert(StoredToken token)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"INSERT INTO {Table} ({Columns}) VALUES ($id, $name, $hmac, $mask, $users, $hosts, $owner, $created, $updated, $elapse, $by);";
        Bind(command, token);
        command.ExecuteNonQuery();
    }

    public void Update(StoredToken token)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            UPDATE {Table} SET name = $name, token_hmac = $hmac, token_mask = $mask, legal_users = $users, legal_hosts = $hosts,
                business_owner = $owner, create_time = $created, update_time = $updated, elapse_day = $elapse, update_by = $by
            WHERE id = $id;
            """;
        Bind(command, token);
        command.ExecuteNonQuery();
    }

    public void Delete(long id)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"DELETE FROM {Table} WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    private static void Bind(SqliteCommand command, StoredToken stored)
    {
        var token = stored.Token;
        command.Parameters.AddWithValue("$id", token.Id);
        command.Parameters.AddWithValue("$name", token.Name);
        command.Parameters.Add("$hmac", SqliteType.Blob).Value = stored.Digest.ToBytes();
        command.Parameters.AddWithValue("$mask", token.Mask);
        command.Parameters.AddWithValue("$users", token.LegalUsers);
        command.Parameters.AddWithValue("$hosts", token.LegalHosts);
        command.Parameters.AddWithValue("$owner", token.BusinessOwner);
        command.Parameters.AddWithValue("$created", token.CreateTime.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$updated", token.UpdateTime.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$elapse", token.ElapseDay);
        command.Parameters.AddWithValue("$by", token.UpdateBy);
    }
}
