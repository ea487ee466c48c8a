using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Portico.Security.Linkis;

/// <summary>
/// Opens the SQLite files the Linkis security services keep in the data directory (sessions, tokens): created private to
/// the gateway's account, in WAL mode, and refused when a newer Portico wrote a schema this one does not know.
/// </summary>
internal static class LinkisSqlite
{
    /// <summary>
    /// Opens <paramref name="path"/> (creating it and its directory when missing) and checks its schema version against
    /// <paramref name="schemaVersion"/>; <paramref name="what"/> names the contents in errors (e.g. "session").
    /// </summary>
    public static SqliteConnection Open(string path, int schemaVersion, string what)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            CreatePrivateDirectory(directory);
        }

        var isNew = !File.Exists(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            if (isNew && !OperatingSystem.IsWindows())
            {
                // These files hold credential digests and user names: readable by the gateway's account only.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
            using var version = connection.CreateCommand();
            version.CommandText = "PRAGMA user_version;";
            var current = Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (current > schemaVersion)
            {
                throw new InvalidOperationException($"The {what} database '{path}' was written by a newer Portico (schema {current}); move it away or upgrade.");
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="sql"/> (no results).</summary>
    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
