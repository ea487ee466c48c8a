using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Portico.Server.Hosting;

/// <summary>
/// Serves one file held in memory, so the embedded default and the demo's generated YAML go through the same
/// <see cref="Portico.Configuration.PorticoFileConfigurationSource"/> parser as a file on disk.
/// </summary>
internal sealed class InMemoryFileProvider(string name, byte[] content) : IFileProvider
{
    public IFileInfo GetFileInfo(string subpath) =>
        string.Equals(subpath.TrimStart('/'), name, StringComparison.Ordinal) ? new File(name, content) : new NotFoundFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    private sealed class File(string name, byte[] content) : IFileInfo
    {
        public bool Exists => true;

        public long Length => content.Length;

        public string? PhysicalPath => null;

        public string Name => name;

        public DateTimeOffset LastModified { get; } = DateTimeOffset.UtcNow;

        public bool IsDirectory => false;

        public Stream CreateReadStream() => new MemoryStream(content, writable: false);
    }
}
