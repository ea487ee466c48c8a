using System.Formats.Asn1;
using Portico.Security.Linkis.Passwords;

namespace Portico.Tests.Security.Linkis.Passwords;

public class LdapSimpleBindClientTests
{
    private static readonly Asn1Tag BindResponse = new(TagClass.Application, 1, isConstructed: true);

    [Fact]
    public void EncodeBind_IsRfc4511BindRequest()
    {
        var bytes = LdapSimpleBindClient.EncodeBind(1, "cn=a", "pw");

        // SEQUENCE { INTEGER 1, [APPLICATION 0] { INTEGER 3, OCTET STRING "cn=a", [0] "pw" } }
        Assert.Equal(Convert.FromHexString("3012020101600D020103" + "0404636E3D61" + "80027077"), bytes);
    }

    [Fact]
    public void EncodeUnbind_IsApplicationTwoNull()
    {
        Assert.Equal(Convert.FromHexString("30050201024200"), LdapSimpleBindClient.EncodeUnbind(2));
    }

    [Fact]
    public void ParseResponse_InvalidCredentials_ReturnsCodeAndDiagnostic()
    {
        var message = Response(1, 49, "bad password");

        var result = LdapSimpleBindClient.ParseResponse(message, 1, BindResponse);

        Assert.Equal(49, result.ResultCode);
        Assert.Equal("bad password", result.DiagnosticMessage);
    }

    [Fact]
    public void ParseResponse_WrongMessageId_Throws()
    {
        Assert.Throws<LdapProtocolException>(() => LdapSimpleBindClient.ParseResponse(Response(7, 0, ""), 1, BindResponse));
    }

    [Fact]
    public void ParseResponse_NoticeOfDisconnection_Throws()
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence(new Asn1Tag(TagClass.Application, 24, isConstructed: true)))
            {
                writer.WriteEncodedValue([0x0A, 0x01, 52]);
                writer.WriteOctetString([]);
                writer.WriteOctetString("shutting down"u8);
            }
        }

        var ex = Assert.Throws<LdapProtocolException>(() => LdapSimpleBindClient.ParseResponse(writer.Encode(), 1, BindResponse));
        Assert.Contains("shutting down", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("3003020101")]
    [InlineData("0401FF")]
    public void ParseResponse_Garbage_ThrowsProtocolException(string hex)
    {
        Assert.Throws<LdapProtocolException>(() => LdapSimpleBindClient.ParseResponse(Convert.FromHexString(hex), 1, BindResponse));
    }

    [Theory]
    [InlineData("ldap://dir.example.com", "dir.example.com", 389, false)]
    [InlineData("ldaps://dir.example.com/", "dir.example.com", 636, true)]
    [InlineData("LDAP://127.0.0.1:3890/dc=example,dc=com", "127.0.0.1", 3890, false)]
    public void Endpoint_TryParse_ReadsHostPortAndTls(string url, string host, int port, bool tls)
    {
        Assert.True(LdapEndpoint.TryParse(url, out var endpoint));
        Assert.Equal(new LdapEndpoint(host, port, tls), endpoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://dir.example.com")]
    [InlineData("dir.example.com:389")]
    public void Endpoint_TryParse_RejectsOtherSchemes(string url)
    {
        Assert.False(LdapEndpoint.TryParse(url, out _));
    }

    private static byte[] Response(int messageId, int code, string diagnostic)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(messageId);
            using (writer.PushSequence(BindResponse))
            {
                writer.WriteEncodedValue([0x0A, 0x01, (byte)code]);
                writer.WriteOctetString([]);
                writer.WriteOctetString(System.Text.Encoding.UTF8.GetBytes(diagnostic));
            }
        }

        return writer.Encode();
    }
}
