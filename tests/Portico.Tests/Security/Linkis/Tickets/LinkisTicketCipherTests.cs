using System.Security.Cryptography;
using System.Text;
using Portico.Security.Linkis.Tickets;

namespace Portico.Tests.Security.Linkis.Tickets;

public class LinkisTicketCipherTests
{
    private const string Key = "0123456789abcdef-portico-test";
    private static readonly DateTimeOffset LoginTime = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_123);

    private readonly LinkisTicketCipher _cipher = new(Key, "bfs_");

    [Fact]
    public void Issue_ThenRead_ReturnsUserAndLoginTime()
    {
        var ticket = _cipher.Issue("alice", LoginTime);

        var result = _cipher.Read(ticket);

        Assert.Equal(LinkisTicketStatus.Valid, result.Status);
        Assert.Equal("alice", result.UserName);
        Assert.Equal(LoginTime, result.LoginTime);
    }

    [Fact]
    public void Issue_Layout_IsVersionNonceCiphertextTagInStandardBase64()
    {
        var ticket = _cipher.Issue("alice", LoginTime);
        var raw = Convert.FromBase64String(ticket);
        var plaintext = Encoding.UTF8.GetBytes("bfs_alice,1767225600123");

        Assert.Equal(0x02, raw[0]);
        Assert.Equal(1 + 12 + plaintext.Length + 16, raw.Length);

        // Decrypt by hand with the documented key derivation to pin the format independently of Read.
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Key), "linkis-ticket-v2"u8.ToArray(), 10_000, HashAlgorithmName.SHA256, 32);
        var output = new byte[plaintext.Length];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(raw.AsSpan(1, 12), raw.AsSpan(13, plaintext.Length), raw.AsSpan(13 + plaintext.Length, 16), output);
        Assert.Equal(plaintext, output);
    }

    [Fact]
    public void Issue_SameInput_UsesFreshNonce()
    {
        Assert.NotEqual(_cipher.Issue("alice", LoginTime), _cipher.Issue("alice", LoginTime));
    }

    [Fact]
    public void Read_UserWithCommas_TakesTextUpToLastComma()
    {
        var result = _cipher.Read(_cipher.Issue("o'brien,ops", LoginTime));

        Assert.True(result.IsValid);
        Assert.Equal("o'brien,ops", result.UserName);
    }

    [Fact]
    public void Read_EveryFlippedByte_IsRejectedAsUnauthenticOrMalformed()
    {
        var raw = Convert.FromBase64String(_cipher.Issue("alice", LoginTime));
        for (var i = 0; i < raw.Length; i++)
        {
            var tampered = (byte[])raw.Clone();
            tampered[i] ^= 0x01;

            var result = _cipher.Read(Convert.ToBase64String(tampered));

            Assert.False(result.IsValid);
            Assert.Equal(i == 0 ? LinkisTicketStatus.Malformed : LinkisTicketStatus.Unauthentic, result.Status);
            Assert.Null(result.UserName);
        }
    }

    [Fact]
    public void Read_TruncatedTicket_IsRejected()
    {
        var raw = Convert.FromBase64String(_cipher.Issue("alice", LoginTime));
        for (var length = 0; length < raw.Length; length++)
        {
            var result = _cipher.Read(Convert.ToBase64String(raw, 0, length));

            Assert.Equal(length < 29 ? LinkisTicketStatus.Malformed : LinkisTicketStatus.Unauthentic, result.Status);
        }
    }

    [Fact]
    public void Read_TicketFromAnotherKey_IsUnauthentic()
    {
        var other = new LinkisTicketCipher("another-key-of-16-characters", "bfs_");

        Assert.Equal(LinkisTicketStatus.Unauthentic, _cipher.Read(other.Issue("alice", LoginTime)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("YWxpY2U=")]
    [InlineData("' OR 1=1 --")]
    [InlineData("%2Fabc")]
    public void Read_Garbage_IsMalformed(string? ticket)
    {
        Assert.Equal(LinkisTicketStatus.Malformed, _cipher.Read(ticket).Status);
    }

    [Fact]
    public void Read_HugeValue_IsMalformedWithoutDecoding()
    {
        Assert.Equal(LinkisTicketStatus.Malformed, _cipher.Read(new string('A', 1_000_000)).Status);
    }

    [Fact]
    public void Read_OtherVersionByte_IsMalformed()
    {
        var raw = Convert.FromBase64String(_cipher.Issue("alice", LoginTime));
        raw[0] = 0x01;

        Assert.Equal(LinkisTicketStatus.Malformed, _cipher.Read(Convert.ToBase64String(raw)).Status);
    }

    [Theory]
    [InlineData("alice,1767225600123")]
    [InlineData("bfs_alice")]
    [InlineData("bfs_,1767225600123")]
    [InlineData("BFS_alice,1")]
    public void Read_AuthenticButIllegalPlaintext_IsIllegalContent(string plaintext)
    {
        Assert.Equal(LinkisTicketStatus.IllegalContent, _cipher.Read(EncryptRaw(Key, plaintext)).Status);
    }

    [Fact]
    public void Read_NonNumericLoginTime_IsValidWithoutLoginTime()
    {
        var result = _cipher.Read(EncryptRaw(Key, "bfs_bob,yesterday"));

        Assert.True(result.IsValid);
        Assert.Equal("bob", result.UserName);
        Assert.Null(result.LoginTime);
    }

    [Fact]
    public void Read_CustomHeader_IsHonoured()
    {
        var cipher = new LinkisTicketCipher(Key, "xyz_");

        Assert.Equal("carol", cipher.Read(EncryptRaw(Key, "xyz_carol,1")).UserName);
        Assert.Equal(LinkisTicketStatus.IllegalContent, cipher.Read(EncryptRaw(Key, "bfs_carol,1")).Status);
    }

    internal static string EncryptRaw(string key, string plaintext)
    {
        var derived = LinkisTicketCipher.DeriveKey(key);
        var bytes = Encoding.UTF8.GetBytes(plaintext);
        var payload = new byte[29 + bytes.Length];
        payload[0] = 2;
        RandomNumberGenerator.Fill(payload.AsSpan(1, 12));
        using var aes = new AesGcm(derived, 16);
        aes.Encrypt(payload.AsSpan(1, 12), bytes, payload.AsSpan(13, bytes.Length), payload.AsSpan(13 + bytes.Length, 16));
        return Convert.ToBase64String(payload);
    }
}
