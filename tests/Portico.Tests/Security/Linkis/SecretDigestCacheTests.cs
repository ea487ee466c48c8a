using Portico.Security.Linkis;
using Portico.Security.Linkis.Tokens;

namespace Portico.Tests.Security.Linkis;

public sealed class SecretDigestCacheTests
{
    private readonly TokenHasher _hasher = new(Tokens.TokenTestSupport.CryptKey);

    [Fact]
    public void TryGet_RememberedToken_GivesItsDigest()
    {
        var cache = new SecretDigestCache<TokenDigest>();
        var digest = _hasher.Hash("LINKIS-AUTH");

        cache.Add("LINKIS-AUTH", digest);

        Assert.True(cache.TryGet("LINKIS-AUTH", out var found));
        Assert.Equal(digest, found);

        // An equal string, not only the same instance.
        Assert.True(cache.TryGet(new string("LINKIS-AUTH".AsSpan()), out found));
        Assert.Equal(digest, found);
    }

    [Theory]
    [InlineData("LINKIS-AUTI")]
    [InlineData("linkis-auth")]
    [InlineData("LINKIS-AUTH ")]
    [InlineData("LINKIS-AUT")]
    [InlineData("")]
    public void TryGet_AnyOtherValue_GivesNothing(string probe)
    {
        var cache = new SecretDigestCache<TokenDigest>();
        cache.Add("LINKIS-AUTH", _hasher.Hash("LINKIS-AUTH"));

        Assert.False(cache.TryGet(probe, out var found));
        Assert.Equal(default, found);
    }

    [Fact]
    public void Remove_ForgetsThatSecretOnly()
    {
        var cache = new SecretDigestCache<TokenDigest>();
        cache.Add("LINKIS-AUTH", _hasher.Hash("LINKIS-AUTH"));

        cache.Remove("LINKIS-AUTI");
        Assert.True(cache.TryGet("LINKIS-AUTH", out _));

        cache.Remove(new string("LINKIS-AUTH".AsSpan()));
        Assert.False(cache.TryGet("LINKIS-AUTH", out _));
    }

    [Fact]
    public void Clear_ForgetsEveryToken()
    {
        var cache = new SecretDigestCache<TokenDigest>();
        var tokens = Enumerable.Range(0, 50).Select(i => "token-" + i).ToArray();
        foreach (var token in tokens)
        {
            cache.Add(token, _hasher.Hash(token));
        }

        Assert.Contains(tokens, token => cache.TryGet(token, out _));
        cache.Clear();

        Assert.DoesNotContain(tokens, token => cache.TryGet(token, out _));
    }

    [Fact]
    public void Add_MoreTokensThanSlots_NeverGivesAnotherTokensDigest()
    {
        var cache = new SecretDigestCache<TokenDigest>();
        var tokens = Enumerable.Range(0, SecretDigestCache<TokenDigest>.SlotCount * 3).Select(i => "token-" + i).ToArray();
        foreach (var token in tokens)
        {
            cache.Add(token, _hasher.Hash(token));
        }

        var remembered = 0;
        foreach (var token in tokens)
        {
            if (cache.TryGet(token, out var digest))
            {
                remembered++;
                Assert.Equal(_hasher.Hash(token), digest);
            }
        }

        Assert.InRange(remembered, 1, SecretDigestCache<TokenDigest>.SlotCount);
    }
}
