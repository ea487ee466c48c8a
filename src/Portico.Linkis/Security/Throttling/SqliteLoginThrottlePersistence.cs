using Microsoft.Data.Sqlite;
using Portico.Security.Linkis.Sessions;

namespace Portico.Security.Linkis.Throttling;

/// <summary>
/// Keeps the login throttle in a table of the sessions' SQLite file, so that a restart neither forgets an attacker's
/// failures nor the addresses users log in from. Its own connection, used by one caller at a time.
/// </summary>
internal sealed class SqliteLoginThrottlePersistence : ILoginThrottlePersistence
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SqliteLoginThrottlePersistence(string dataDirectory)
    {
        Description = Path.Combine(dataDirectory, SqliteSessionPersistence.FileName);

        // The table joins the sessions' schema without changing its version, so either store may create the file.
        _connection = LinkisSqlite.Open(Description, SqliteSessionPersistence.SchemaVersion, "session");
        LinkisSqlite.Execute(_connection, """
            CREATE TABLE IF NOT EXISTS linkis_login_throttle (
                kind INTEGER NOT NULL,
                user_name TEXT NOT NULL,
                address TEXT NOT NULL,
                count INTEGER NOT NULL,
                last INTEGER NOT NULL,
                failures BLOB NOT NULL,
                PRIMARY KEY (kind, user_name, address)
            ) WITHOUT ROWID;
            """);
    }

    public string Description { get; }

    public IReadOnlyList<PersistedThrottleEntry> LoadAll()
    {
        var result = new List<PersistedThrottleEntry>();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT kind, user_name, address, count, last, failures FROM linkis_login_throttle ORDER BY last;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var kind = (ThrottleKeyKind)reader.GetInt32(0);
            if (!Enum.IsDefined(kind))
            {
                continue;
            }

            var blob = (byte[])reader.GetValue(5);
            var failures = new long[blob.Length / sizeof(long)];
            for (var i = 0; i < failures.Length; i++)
            {
                failures[i] = BitConverter.ToInt64(blob, i * sizeof(long));
            }

            result.Add(new PersistedThrottleEntry(new ThrottleKey(kind, reader.GetString(1), reader.GetString(2)), reader.GetInt32(3), reader.GetInt64(4), failures));
        }

        return result;
    }

    public async ValueTask WriteAsync(IReadOnlyList<PersistedThrottleEntry> upserts, IReadOnlyList<ThrottleKey> deletes, CancellationToken cancellationToken)
    {
        if (upserts.Count == 0 && deletes.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _connection.BeginTransaction();
            using (var upsert = _connection.CreateCommand())
            {
                upsert.Transaction = transaction;
                upsert.CommandText = """
                    INSERT OR REPLACE INTO linkis_login_throttle (kind, user_name, address, count, last, failures)
                    VALUES ($kind, $user, $address, $count, $last, $failures);
                    """;
                var kind = upsert.Parameters.Add("$kind", SqliteType.Integer);
                var user = upsert.Parameters.Add("$user", SqliteType.Text);
                var address = upsert.Parameters.Add("$address", SqliteType.Text);
                var count = upsert.Parameters.Add("$count", SqliteType.Integer);
                var last = upsert.Parameters.Add("$last", SqliteType.Integer);
                var failures = upsert.Parameters.Add("$failures", SqliteType.Blob);
                foreach (var entry in upserts)
                {
                    kind.Value = (int)entry.Key.Kind;
                    user.Value = entry.Key.UserName;
                    address.Value = entry.Key.Address;
                    count.Value = entry.Count;
                    last.Value = entry.Last;
                    var blob = new byte[entry.Failures.Length * sizeof(long)];
                    for (var i = 0; i < entry.Failures.Length; i++)
                    {
                        BitConverter.TryWriteBytes(blob.AsSpan(i * sizeof(long)), entry.Failures[i]);
                    }

                    failures.Value = blob;
                    await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            using (var delete = _connection.CreateCommand())
            {
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM linkis_login_throttle WHERE kind = $kind AND user_name = $user AND address = $address;";
                var kind = delete.Parameters.Add("$kind", SqliteType.Integer);
                var user = delete.Parameters.Add("$user", SqliteType.Text);
                var address = delete.Parameters.Add("$address", SqliteType.Text);
                foreach (var key in deletes)
                {
                    kind.Value = (int)key.Kind;
                    user.Value = key.UserName;
                    address.Value = key.Address;
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
