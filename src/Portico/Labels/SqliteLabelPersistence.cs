using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Portico.Labels;

/// <summary>
/// Keeps labels in <c>labels.db</c>, an SQLite file in the data directory, so that they survive restarts. One
/// connection, used by the store's single writer; loaded once at start. The file is created by the first change, so a
/// gateway that labels nothing writes nothing to disk.
/// </summary>
internal sealed class SqliteLabelPersistence : ILabelPersistence
{
    public const string FileName = "labels.db";

    private const int SchemaVersion = 1;

    private readonly string _directory;
    private SqliteConnection? _connection;

    public SqliteLabelPersistence(string dataDirectory)
    {
        _directory = dataDirectory;
        Description = Path.Combine(dataDirectory, FileName);
    }

    public string Description { get; }

    public IReadOnlyList<InstanceLabels> LoadAll()
    {
        // A gateway that never labels an instance never creates the file (nor its directory).
        if (!File.Exists(Description))
        {
            return [];
        }

        var connection = Open();
        var rows = new List<(long Id, string Application, string Instance, long Created, long Updated, List<InstanceLabel> Labels)>();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT i.id, i.application, i.instance, i.created_at, i.updated_at, l.label_key, l.label_value
            FROM label_instance i LEFT JOIN label l ON l.instance_id = i.id
            ORDER BY i.id, l.label_key;
            """;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                if (rows.Count == 0 || rows[^1].Id != id)
                {
                    rows.Add((id, reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), []));
                }

                if (!reader.IsDBNull(5))
                {
                    rows[^1].Labels.Add(new InstanceLabel(reader.GetString(5), reader.GetString(6)));
                }
            }
        }

        var result = new List<InstanceLabels>(rows.Count);
        foreach (var row in rows)
        {
            result.Add(new InstanceLabels(
                row.Id,
                row.Application,
                row.Instance,
                row.Labels,
                DateTimeOffset.FromUnixTimeMilliseconds(row.Created),
                DateTimeOffset.FromUnixTimeMilliseconds(row.Updated)));
        }

        return result;
    }

    public ValueTask SaveAsync(InstanceLabels entry)
    {
        var connection = Open();
        using var transaction = connection.BeginTransaction();
        using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO label_instance (id, application, instance, created_at, updated_at) VALUES ($id, $application, $instance, $created, $updated)
                ON CONFLICT (id) DO UPDATE SET application = excluded.application, updated_at = excluded.updated_at;
                DELETE FROM label WHERE instance_id = $id;
                """;
            upsert.Parameters.AddWithValue("$id", entry.Id);
            upsert.Parameters.AddWithValue("$application", entry.Application);
            upsert.Parameters.AddWithValue("$instance", entry.Instance);
            upsert.Parameters.AddWithValue("$created", entry.CreatedAt.ToUnixTimeMilliseconds());
            upsert.Parameters.AddWithValue("$updated", entry.UpdatedAt.ToUnixTimeMilliseconds());
            upsert.ExecuteNonQuery();
        }

        if (entry.Labels.Count > 0)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO label (instance_id, label_key, label_value) VALUES ($id, $key, $value);";
            insert.Parameters.AddWithValue("$id", entry.Id);
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            var value = insert.Parameters.Add("$value", SqliteType.Text);
            foreach (var label in entry.Labels)
            {
                key.Value = label.Key;
                value.Value = label.Value;
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(long id)
    {
        if (_connection is null && !File.Exists(Description))
        {
            return ValueTask.CompletedTask;
        }

        var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM label WHERE instance_id = $id; DELETE FROM label_instance WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
        transaction.Commit();
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _connection?.Dispose();

    /// <summary>Opens the database on first use, creating it and its schema when missing.</summary>
    private SqliteConnection Open()
    {
        if (_connection is not null)
        {
            return _connection;
        }

        Directory.CreateDirectory(_directory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Description,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
            using (var version = connection.CreateCommand())
            {
                version.CommandText = "PRAGMA user_version;";
                var current = Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture);
                if (current > SchemaVersion)
                {
                    throw new InvalidOperationException($"The label database '{Description}' was written by a newer Portico (schema {current}); move it away or upgrade.");
                }
            }

            Execute(connection, $"""
                CREATE TABLE IF NOT EXISTS label_instance (
                    id INTEGER NOT NULL PRIMARY KEY,
                    application TEXT NOT NULL COLLATE NOCASE,
                    instance TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    UNIQUE (application, instance)
                );
                CREATE TABLE IF NOT EXISTS label (
                    instance_id INTEGER NOT NULL,
                    label_key TEXT NOT NULL,
                    label_value TEXT NOT NULL,
                    PRIMARY KEY (instance_id, label_key)
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS label_by_value ON label(label_key, label_value);
                PRAGMA user_version = {SchemaVersion};
                """);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _connection = connection;
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
