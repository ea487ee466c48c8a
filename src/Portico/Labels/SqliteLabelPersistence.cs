using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Portico.Labels;

/// <summary>
/// Keeps labels in <c>labels.db</c>, an SQLite file in the data directory, so that they survive restarts. One
/// connection, used by the store's single writer; loaded once at start.
/// </summary>
internal sealed class SqliteLabelPersistence : ILabelPersistence
{
    public const string FileName = "labels.db";

    private const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;

    public SqliteLabelPersistence(string dataDirectory)
    {
        Description = Path.Combine(dataDirectory, FileName);
        Directory.CreateDirectory(dataDirectory);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Description,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
        using (var version = _connection.CreateCommand())
        {
            version.CommandText = "PRAGMA user_version;";
            var current = Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (current > SchemaVersion)
            {
                _connection.Dispose();
                throw new InvalidOperationException($"The label database '{Description}' was written by a newer Portico (schema {current}); move it away or upgrade.");
            }
        }

        Execute($"""
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

    public string Description { get; }

    public IReadOnlyList<InstanceLabels> LoadAll()
    {
        var rows = new List<(long Id, string Application, string Instance, long Created, long Updated, List<InstanceLabel> Labels)>();
        using var command = _connection.CreateCommand();
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
        using var transaction = _connection.BeginTransaction();
        using (var upsert = _connection.CreateCommand())
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
            using var insert = _connection.CreateCommand();
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
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM label WHERE instance_id = $id; DELETE FROM label_instance WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
        transaction.Commit();
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
