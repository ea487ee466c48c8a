using Microsoft.Data.Sqlite;

namespace Portico.Security.Linkis.Sessions;

/// <summary>
/// Keeps sessions in an SQLite file so that they survive a restart. Only ticket digests are stored, never tickets. One
/// connection, used by one caller at a time; the request path never reaches it.
/// </summary>
internal sealed class SqliteSessionPersistence : ISessionPersistence
{
    public const string FileName = "linkis-sessions.db";

    internal const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SqliteSessionPersistence(string dataDirectory)
    {
        Description = Path.Combine(dataDirectory, FileName);
        _connection = LinkisSqlite.Open(Description, SchemaVersion, "session");
        Execute($"""
            CREATE TABLE IF NOT EXISTS linkis_session (
                ticket_sha256 BLOB NOT NULL PRIMARY KEY,
                user_name TEXT NOT NULL,
                login_time INTEGER NOT NULL,
                last_access INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS linkis_session_last_access ON linkis_session(last_access);
            PRAGMA user_version = {SchemaVersion};
            """);
    }

    public string Description { get; }

    public IReadOnlyList<PersistedSession> LoadAll()
    {
        var result = new List<PersistedSession>();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT ticket_sha256, user_name, login_time, last_access FROM linkis_session;";
        using var reader = command.ExecuteReader();
        var digest = new byte[TicketId.Size];
        while (reader.Read())
        {
            if (reader.GetBytes(0, 0, digest, 0, digest.Length) != TicketId.Size)
            {
                continue;
            }

            result.Add(new PersistedSession(TicketId.FromBytes(digest), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return result;
    }

    public async ValueTask SaveAsync(IReadOnlyList<PersistedSession> sessions, CancellationToken cancellationToken)
    {
        if (sessions.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO linkis_session (ticket_sha256, user_name, login_time, last_access) VALUES ($id, $user, $login, $access)
                ON CONFLICT (ticket_sha256) DO UPDATE SET last_access = MAX(last_access, excluded.last_access);
                """;
            var id = command.Parameters.Add("$id", SqliteType.Blob);
            var user = command.Parameters.Add("$user", SqliteType.Text);
            var login = command.Parameters.Add("$login", SqliteType.Integer);
            var access = command.Parameters.Add("$access", SqliteType.Integer);
            foreach (var session in sessions)
            {
                id.Value = session.Id.ToBytes();
                user.Value = session.UserName;
                login.Value = session.LoginTime;
                access.Value = session.LastAccess;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DeleteAsync(IReadOnlyList<TicketId> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM linkis_session WHERE ticket_sha256 = $id;";
            var id = command.Parameters.Add("$id", SqliteType.Blob);
            foreach (var ticket in ids)
            {
                id.Value = ticket.ToBytes();
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DeleteIdleAsync(long cutoff, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM linkis_session WHERE last_access < $cutoff;";
            command.Parameters.AddWithValue("$cutoff", cutoff);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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

    private void Execute(string sql) => LinkisSqlite.Execute(_connection, sql);
}
