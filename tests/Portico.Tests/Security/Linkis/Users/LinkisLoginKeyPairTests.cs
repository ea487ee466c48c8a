using System.Security.Cryptography;
using System.Text;
using Portico.Security.Linkis.Users;

namespace Portico.Tests.Security.Linkis.Users;

public sealed class LinkisLoginKeyPairTests : IDisposable
{
    private readonly LinkisLoginKeyPair _key = new();

    public void Dispose() => _key.Dispose();

    private string Encrypt(string password, RSAEncryptionPadding? padding = null)
    {
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(_key.PublicKey), out _);
        return Convert.ToBase64String(rsa.Encrypt(Encoding.UTF8.GetBytes(password), padding ?? RSAEncryptionPadding.Pkcs1));
    }

    [Fact]
    public void PublicKey_IsStableX509SubjectPublicKeyInfo()
    {
        var first = _key.PublicKey;

        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(first), out var read);

        Assert.Equal(Convert.FromBase64String(first).Length, read);
        Assert.Equal(LinkisLoginKeyPair.KeySizeBits, rsa.KeySize);
        Assert.Equal(first, _key.PublicKey);
    }

    [Fact]
    public void PublicKey_DiffersBetweenKeyPairs()
    {
        using var other = new LinkisLoginKeyPair();

        Assert.NotEqual(_key.PublicKey, other.PublicKey);
    }

    [Theory]
    [InlineData("alice-pw")]
    [InlineData("pässwörd 密码")]
    [InlineData("")]
    public void TryDecrypt_Pkcs1CipherText_ReturnsThePassword(string password)
    {
        Assert.True(_key.TryDecrypt(Encrypt(password), out var decrypted));
        Assert.Equal(password, decrypted);
    }

    [Theory]
    [InlineData("alice-pw")]
    [InlineData("")]
    [InlineData("****")]
    [InlineData("QUJD")]
    public void TryDecrypt_NotOneCipherBlock_ReturnsFalse(string encrypted)
    {
        Assert.False(_key.TryDecrypt(encrypted, out var password));
        Assert.Equal("", password);
    }

    [Fact]
    public void TryDecrypt_TwoBlocks_ReturnsFalse()
    {
        var block = Convert.FromBase64String(Encrypt("x"));

        Assert.False(_key.TryDecrypt(Convert.ToBase64String([.. block, .. block]), out _));
    }

    [Fact]
    public void TryDecrypt_WrongPadding_ReturnsARandomPasswordInsteadOfAnError()
    {
        var oaep = Encrypt("alice-pw", RSAEncryptionPadding.OaepSHA256);

        Assert.True(_key.TryDecrypt(oaep, out var first));
        Assert.True(_key.TryDecrypt(oaep, out var second));
        Assert.NotEqual("alice-pw", first);
        Assert.NotEqual(first, second);
    }
}
