using System.Security.Cryptography;
using System.Text;

namespace Portico.Security.Linkis.Users;

/// <summary>
/// The RSA key pair of encrypted logins (<c>wds.linkis.login_encrypt.enable</c>): made once per process on first use, its
/// public half published by <c>/user/publicKey</c> as Base64 X.509 <c>SubjectPublicKeyInfo</c> (what Java's
/// <c>PublicKey.getEncoded</c> gives), and used by <c>/user/login</c> to decrypt the Base64 RSA/PKCS#1 v1.5 password as
/// Linkis's <c>RSAUtils</c> does. Linkis uses 1024-bit keys; Portico uses 2048 bits, which clients read from the key itself.
/// </summary>
internal sealed class LinkisLoginKeyPair : IDisposable
{
    /// <summary>The key size.</summary>
    public const int KeySizeBits = 2048;

    private readonly Lazy<RSA> _rsa = new(() => RSA.Create(KeySizeBits), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _lock = new();
    private string? _publicKey;

    /// <summary>The public key as Base64 of its DER <c>SubjectPublicKeyInfo</c>.</summary>
    public string PublicKey => _publicKey ??= Convert.ToBase64String(_rsa.Value.ExportSubjectPublicKeyInfo());

    /// <summary>
    /// Decrypts a password sent as Base64 RSA cipher text. Returns false when <paramref name="encrypted"/> cannot be cipher
    /// text for this key (not Base64, or not one key-length block): that depends on public facts only, so the caller may say
    /// so. A block whose padding is wrong is not reported: <paramref name="password"/> is then a random string that no store
    /// accepts, so the login fails exactly as with a wrong password and cannot be used as a padding oracle.
    /// </summary>
    public bool TryDecrypt(string encrypted, out string password)
    {
        password = "";
        var block = new byte[KeySizeBits / 8];
        if (!Convert.TryFromBase64String(encrypted, block, out var written) || written != block.Length)
        {
            return false;
        }

        byte[] plain;
        try
        {
            // Logins are rare; the lock keeps decryptions of the shared key from overlapping on any platform.
            lock (_lock)
            {
                plain = _rsa.Value.Decrypt(block, RSAEncryptionPadding.Pkcs1);
            }
        }
        catch (CryptographicException)
        {
            plain = RandomNumberGenerator.GetBytes(32);
            password = Convert.ToBase64String(plain);
            return true;
        }

        password = Encoding.UTF8.GetString(plain);
        return true;
    }

    public void Dispose()
    {
        if (_rsa.IsValueCreated)
        {
            _rsa.Value.Dispose();
        }
    }
}
