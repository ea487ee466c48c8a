using System.Text;
using Microsoft.IdentityModel.Tokens;
using Portico.Security.Authentication;

namespace Portico.Tests.Security.Authentication;

public class JwtKeySetTests
{
    private static readonly SecurityKey A = Key("a");
    private static readonly SecurityKey A2 = Key("a");
    private static readonly SecurityKey B = Key("b");
    private static readonly SecurityKey NoId = Key(null);

    [Fact]
    public void Resolve_NoKid_AllKeys() =>
        Assert.Equal([A, A2, B, NoId], new JwtKeySet([A, A2, B, NoId]).Resolve(null));

    [Fact]
    public void Resolve_KnownKid_ThoseKeysAndKeysWithoutId() =>
        Assert.Equal([A, A2, NoId], new JwtKeySet([A, A2, B, NoId]).Resolve("a"));

    [Fact]
    public void Resolve_UnknownKid_OnlyKeysWithoutId() =>
        Assert.Equal([NoId], new JwtKeySet([A, B, NoId]).Resolve("zzz"));

    [Fact]
    public void Merge_CombinesBothSets()
    {
        var merged = JwtKeySet.Merge(new JwtKeySet([A]), new JwtKeySet([B]));
        Assert.True(merged.HasKeyId("a"));
        Assert.True(merged.HasKeyId("b"));
        Assert.Same(merged, JwtKeySet.Merge(JwtKeySet.Empty, merged));
    }

    private static SymmetricSecurityKey Key(string? kid) =>
        new(Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N"))) { KeyId = kid };
}
