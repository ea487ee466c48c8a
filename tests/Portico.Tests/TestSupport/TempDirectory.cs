namespace Portico.Tests.TestSupport;

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("portico-test-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Replaces <paramref name="path"/> in one step (write a sibling, rename it over), so a watcher never sees the
    /// file truncated or half written. Tests that check what a watcher makes of an edit use this, as a careful
    /// operator's deployment would.
    /// </summary>
    public static async Task ReplaceAsync(string path, string contents)
    {
        var staging = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await System.IO.File.WriteAllTextAsync(staging, contents);
        System.IO.File.Move(staging, path, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
