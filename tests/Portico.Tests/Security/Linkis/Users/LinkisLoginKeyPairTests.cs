using System.Numerics;
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
        // A block whose plaintext is 00 05 ...: never PKCS#1 v1.5 encryption padding (which starts 00 02).
        var block = RawEncrypt([0x00, 0x05, .. Encoding.ASCII.GetBytes(new string('p', 200))]);

        Assert.True(_key.TryDecrypt(block, out var first));
        Assert.True(_key.TryDecrypt(block, out var second));
        Assert.Equal(44, first.Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void TryDecrypt_OtherPaddingScheme_NeverYieldsThePassword()
    {
        var oaep = Encrypt("alice-pw", RSAEncryptionPadding.OaepSHA256);

        Assert.True(_key.TryDecrypt(oaep, out var password));
        Assert.NotEqual("alice-pw", password);
    }

    /// <summary>Textbook RSA of <paramref name="message"/> (big-endian, shorter than the modulus) with the public key.</summary>
    private string RawEncrypt(byte[] message)
    {
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(_key.PublicKey), out _);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var n = new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true);
        var e = new BigInteger(parameters.Exponent, isUnsigned: true, isBigEndian: true);
        var c = BigInteger.ModPow(new BigInteger(message, isUnsigned: true, isBigEndian: true), e, n);
        var bytes = new byte[parameters.Modulus!.Length];
        c.TryWriteBytes(bytes.AsSpan(bytes.Length - c.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return Convert.ToBase64String(bytes);
    }
}
