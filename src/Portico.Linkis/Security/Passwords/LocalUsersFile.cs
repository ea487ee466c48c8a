using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Portico.Security.Linkis.Passwords;

/// <summary>
/// The local users file: YAML or JSON, a <c>users</c> list of <c>{ name, password, admin }</c> where <c>password</c> is
/// a <see cref="LinkisPasswordHasher"/> hash, never a plain password.
/// <code>
/// users:
///   - name: alice
///     password: pbkdf2-sha256$600000$...$...
///     admin: true
/// </code>
/// </summary>
internal sealed class LocalUsersFile
{
    public static readonly LocalUsersFile Empty = new(new Dictionary<string, LocalUser>(StringComparer.Ordinal));

    private LocalUsersFile(IReadOnlyDictionary<string, LocalUser> users) => Users = users;

    public IReadOnlyDictionary<string, LocalUser> Users { get; }

    /// <summary>Parses the file; throws <see cref="FormatException"/> naming the first problem.</summary>
    public static LocalUsersFile Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"not valid YAML or JSON at line {ex.Start.Line}: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0)
        {
            return Empty;
        }

        var root = stream.Documents[0].RootNode;
        if (root is YamlMappingNode map)
        {
            root = Find(map, "users") ?? throw new FormatException("the top level has no 'users' list.");
        }

        if (root is not YamlSequenceNode list)
        {
            throw new FormatException("'users' must be a list of { name, password } entries.");
        }

        var users = new Dictionary<string, LocalUser>(StringComparer.Ordinal);
        var index = 0;
        foreach (var node in list)
        {
            if (node is not YamlMappingNode entry)
            {
                throw new FormatException($"users[{index}] is not a {{ name, password }} mapping.");
            }

            var name = Scalar(entry, "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new FormatException($"users[{index}] has no name.");
            }

            var password = Scalar(entry, "password");
            if (!LinkisPasswordHasher.TryParse(password, out var hash))
            {
                throw new FormatException(
                    $"users[{index}] ('{name}'): the password is not a {LinkisPasswordHasher.Scheme} hash with at least {LinkisPasswordHasher.MinIterations} iterations; "
                    + "create one with LinkisPasswordHasher.Hash.");
            }

            var adminText = Scalar(entry, "admin");
            var admin = false;
            if (adminText is not null && !bool.TryParse(adminText, out admin))
            {
                throw new FormatException($"users[{index}] ('{name}'): admin must be true or false.");
            }

            if (!users.TryAdd(name, new LocalUser(name, hash, admin)))
            {
                throw new FormatException($"users[{index}]: '{name}' is listed twice.");
            }

            index++;
        }

        return new LocalUsersFile(users);
    }

    private static YamlNode? Find(YamlMappingNode map, string key)
    {
        foreach (var pair in map.Children)
        {
            if (pair.Key is YamlScalarNode k && string.Equals(k.Value, key, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }

    private static string? Scalar(YamlMappingNode map, string key) => (Find(map, key) as YamlScalarNode)?.Value;
}

/// <summary>One user of the local users file.</summary>
internal sealed record LocalUser(string Name, LinkisPasswordHasher.ParsedHash Hash, bool IsAdmin);
