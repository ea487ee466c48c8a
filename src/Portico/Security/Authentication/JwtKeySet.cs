using Microsoft.IdentityModel.Tokens;

namespace Portico.Security.Authentication;

/// <summary>
/// An immutable set of token signing keys, indexed by key id. A token naming a <c>kid</c> is checked against the keys
/// with that id and the keys without an id; a token naming none, against all of them. Arrays are built once, so
/// resolving keys for a token allocates nothing.
/// </summary>
internal sealed class JwtKeySet
{
    private readonly Dictionary<string, SecurityKey[]> _byKid;
    private readonly SecurityKey[] _withoutKid;

    public JwtKeySet(IReadOnlyList<SecurityKey> keys)
    {
        All = [.. keys];
        var withoutKid = new List<SecurityKey>();
        var byKid = new Dictionary<string, List<SecurityKey>>(StringComparer.Ordinal);
        foreach (var key in All)
        {
            if (string.IsNullOrEmpty(key.KeyId))
            {
                withoutKid.Add(key);
            }
            else if (byKid.TryGetValue(key.KeyId, out var list))
            {
                list.Add(key);
            }
            else
            {
                byKid[key.KeyId] = [key];
            }
        }

        _withoutKid = [.. withoutKid];
        _byKid = new Dictionary<string, SecurityKey[]>(byKid.Count, StringComparer.Ordinal);
        foreach (var (kid, list) in byKid)
        {
            _byKid[kid] = [.. list, .. withoutKid];
        }
    }

    /// <summary>The empty set.</summary>
    public static JwtKeySet Empty { get; } = new([]);

    /// <summary>Every key.</summary>
    public SecurityKey[] All { get; }

    /// <summary>Both sets' keys.</summary>
    public static JwtKeySet Merge(JwtKeySet first, JwtKeySet second) =>
        first.All.Length == 0 ? second : second.All.Length == 0 ? first : new JwtKeySet([.. first.All, .. second.All]);

    /// <summary>Whether a key has the id <paramref name="kid"/>.</summary>
    public bool HasKeyId(string kid) => _byKid.ContainsKey(kid);

    /// <summary>The keys to try for a token naming <paramref name="kid"/> (null or empty when it names none).</summary>
    public SecurityKey[] Resolve(string? kid) =>
        string.IsNullOrEmpty(kid) ? All : _byKid.TryGetValue(kid, out var keys) ? keys : _withoutKid;
}
