using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portico.Security.Linkis.Tickets;

/// <summary>
/// Linkis's v2 ticket cipher: key = PBKDF2-HMAC-SHA256(UTF-8 crypt key, salt <c>linkis-ticket-v2</c>, 10 000
/// iterations, 32 bytes); ticket = standard Base64 of <c>0x02 ‖ 12-byte random nonce ‖ AES-256-GCM ciphertext ‖ 16-byte
/// tag</c> over the UTF-8 plaintext <c>&lt;header&gt;&lt;user&gt;,&lt;login epoch millis&gt;</c>.
/// </summary>
internal sealed class LinkisTicketCipher : ILinkisTicketCipher
{
    internal const byte Version = 0x02;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal const int Iterations = 10_000;

    // A real ticket for a 1 000-character user name is under 3 000 characters; anything longer is refused unread.
    internal const int MaxTicketLength = 4096;
    private const int MinPayload = 1 + NonceSize + TagSize;

    // An AesGcm holds an initialised native cipher context; creating one per ticket was most of a ticket's cost. It is
    // not thread-safe, so each thread keeps one for the cipher it last served.
    [ThreadStatic]
    private static AesGcm? t_aes;

    [ThreadStatic]
    private static LinkisTicketCipher? t_aesOwner;

    private readonly byte[] _key;
    private readonly string _header;

    public LinkisTicketCipher(string cryptKey, string header)
    {
        ArgumentNullException.ThrowIfNull(cryptKey);
        ArgumentException.ThrowIfNullOrEmpty(header);
        _key = DeriveKey(cryptKey);
        _header = header;
    }

    internal static ReadOnlySpan<byte> Salt => "linkis-ticket-v2"u8;

    internal static byte[] DeriveKey(string cryptKey) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(cryptKey), Salt, Iterations, HashAlgorithmName.SHA256, 32);

    public string Issue(string userName, DateTimeOffset loginTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        var plaintext = Encoding.UTF8.GetBytes(string.Concat(_header, userName, ",", loginTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        var payload = new byte[MinPayload + plaintext.Length];
        payload[0] = Version;
        var nonce = payload.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Aes().Encrypt(nonce, plaintext, payload.AsSpan(1 + NonceSize, plaintext.Length), payload.AsSpan(1 + NonceSize + plaintext.Length, TagSize));

        return Convert.ToBase64String(payload);
    }

    public LinkisTicketReadResult Read(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > MaxTicketLength)
        {
            return LinkisTicketReadResult.Invalid(LinkisTicketStatus.Malformed);
        }

        // One buffer holds both the decoded payload (at most 3/4 of the text's length) and the plaintext after it.
        var rented = ArrayPool<byte>.Shared.Rent(ticket.Length * 2);
        try
        {
            if (!Convert.TryFromBase64String(ticket, rented, out var length) || length < MinPayload || rented[0] != Version)
            {
                return LinkisTicketReadResult.Invalid(LinkisTicketStatus.Malformed);
            }

            var cipherLength = length - MinPayload;
            var plaintext = rented.AsSpan(length, cipherLength);
            try
            {
                Aes().Decrypt(
                    rented.AsSpan(1, NonceSize),
                    rented.AsSpan(1 + NonceSize, cipherLength),
                    rented.AsSpan(1 + NonceSize + cipherLength, TagSize),
                    plaintext);
            }
            catch (AuthenticationTagMismatchException)
            {
                return LinkisTicketReadResult.Invalid(LinkisTicketStatus.Unauthentic);
            }

            return ParsePlaintext(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    private AesGcm Aes()
    {
        if (!ReferenceEquals(t_aesOwner, this) || t_aes is null)
        {
            t_aes?.Dispose();
            t_aes = new AesGcm(_key, TagSize);
            t_aesOwner = this;
        }

        return t_aes;
    }

    private LinkisTicketReadResult ParsePlaintext(string text)
    {
        // Linkis: the plaintext must start with the header and contain a comma; the user is what lies between them.
        var comma = text.LastIndexOf(',');
        if (!text.StartsWith(_header, StringComparison.Ordinal) || comma < _header.Length)
        {
            return LinkisTicketReadResult.Invalid(LinkisTicketStatus.IllegalContent);
        }

        var user = text[_header.Length..comma];
        if (user.Length == 0)
        {
            return LinkisTicketReadResult.Invalid(LinkisTicketStatus.IllegalContent);
        }

        DateTimeOffset? loginTime = long.TryParse(text.AsSpan(comma + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
            && millis <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : null;
        return new LinkisTicketReadResult(LinkisTicketStatus.Valid, user, loginTime);
    }
}
