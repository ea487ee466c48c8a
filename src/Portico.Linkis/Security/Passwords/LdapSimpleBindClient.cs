using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Portico.Security.Linkis.Passwords;

/// <summary>Where and how to reach an LDAP server.</summary>
/// <param name="Host">The server's host name or address.</param>
/// <param name="Port">The TCP port.</param>
/// <param name="UseTls">Speak TLS from the start (<c>ldaps://</c>).</param>
internal readonly record struct LdapEndpoint(string Host, int Port, bool UseTls)
{
    /// <summary>Parses <c>ldap://host[:port][/dn]</c> or <c>ldaps://host[:port][/dn]</c>.</summary>
    public static bool TryParse(string url, out LdapEndpoint endpoint)
    {
        endpoint = default;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        var tls = uri.Scheme.Equals("ldaps", StringComparison.OrdinalIgnoreCase);
        if (!tls && !uri.Scheme.Equals("ldap", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        endpoint = new LdapEndpoint(uri.IdnHost, uri.IsDefaultPort || uri.Port < 0 ? (tls ? 636 : 389) : uri.Port, tls);
        return true;
    }
}

/// <summary>The server's answer to a bind: an LDAP result code (0 success, 49 invalid credentials) and its text.</summary>
internal readonly record struct LdapBindResult(int ResultCode, string DiagnosticMessage)
{
    public const int Success = 0;
    public const int InvalidCredentials = 49;
}

/// <summary>The server broke the LDAP protocol or closed the connection early.</summary>
internal sealed class LdapProtocolException : Exception
{
    public LdapProtocolException(string message)
        : base(message)
    {
    }

    public LdapProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LdapProtocolException()
    {
    }
}

/// <summary>
/// A minimal LDAPv3 client that does one thing: a simple bind (RFC 4511 §4.2), over plain TCP, LDAPS or StartTLS
/// (RFC 4511 §4.14). Fully asynchronous and cancellable, with no native library; BER is read and written with
/// <see cref="AsnReader"/>/<see cref="AsnWriter"/>, and server messages are size-limited before they are parsed.
/// </summary>
internal static class LdapSimpleBindClient
{
    // A bind or extended response is a few hundred bytes; anything far larger is not a well-behaved server.
    private const int MaxMessageSize = 64 * 1024;
    private const string StartTlsOid = "1.3.6.1.4.1.1466.20037";

    private static readonly Asn1Tag BindRequestTag = new(TagClass.Application, 0, isConstructed: true);
    private static readonly Asn1Tag BindResponseTag = new(TagClass.Application, 1, isConstructed: true);
    private static readonly Asn1Tag UnbindRequestTag = new(TagClass.Application, 2);
    private static readonly Asn1Tag ExtendedRequestTag = new(TagClass.Application, 23, isConstructed: true);
    private static readonly Asn1Tag ExtendedResponseTag = new(TagClass.Application, 24, isConstructed: true);
    private static readonly Asn1Tag ContextPrimitive0 = new(TagClass.ContextSpecific, 0);

    /// <summary>Binds as <paramref name="bindName"/>; throws on network failure, timeout or protocol error.</summary>
    public static async Task<LdapBindResult> BindAsync(
        LdapEndpoint endpoint,
        string bindName,
        string password,
        bool startTls,
        bool acceptAnyCertificate,
        TimeSpan connectTimeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient { NoDelay = true };
        Stream stream;
        using (var connectLimit = new CancellationTokenSource(connectTimeout, time))
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectLimit.Token))
        {
            try
            {
                await tcp.ConnectAsync(endpoint.Host, endpoint.Port, connecting.Token).ConfigureAwait(false);
                stream = tcp.GetStream();
                if (endpoint.UseTls)
                {
                    stream = await StartTlsAsync(stream, endpoint.Host, acceptAnyCertificate, connecting.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (connectLimit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"could not connect to {endpoint.Host}:{endpoint.Port} within {connectTimeout}");
            }
        }

        try
        {
            var messageId = 1;
            if (startTls && !endpoint.UseTls)
            {
                await stream.WriteAsync(EncodeStartTls(messageId), cancellationToken).ConfigureAwait(false);
                var response = await ReadResponseAsync(stream, messageId, ExtendedResponseTag, cancellationToken).ConfigureAwait(false);
                if (response.ResultCode != LdapBindResult.Success)
                {
                    throw new LdapProtocolException($"the server refused StartTLS with result {response.ResultCode}: {response.DiagnosticMessage}");
                }

                messageId++;
                stream = await StartTlsAsync(stream, endpoint.Host, acceptAnyCertificate, cancellationToken).ConfigureAwait(false);
            }

            await stream.WriteAsync(EncodeBind(messageId, bindName, password), cancellationToken).ConfigureAwait(false);
            var result = await ReadResponseAsync(stream, messageId, BindResponseTag, cancellationToken).ConfigureAwait(false);
            try
            {
                // A courtesy: the server would drop the connection anyway.
                await stream.WriteAsync(EncodeUnbind(messageId + 1), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
            }

            return result;
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static byte[] EncodeBind(int messageId, string bindName, string password)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(messageId);
            using (writer.PushSequence(BindRequestTag))
            {
                writer.WriteInteger(3);
                writer.WriteOctetString(Encoding.UTF8.GetBytes(bindName));
                writer.WriteOctetString(Encoding.UTF8.GetBytes(password), ContextPrimitive0);
            }
        }

        return writer.Encode();
    }

    internal static byte[] EncodeStartTls(int messageId)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(messageId);
            using (writer.PushSequence(ExtendedRequestTag))
            {
                writer.WriteOctetString(Encoding.ASCII.GetBytes(StartTlsOid), ContextPrimitive0);
            }
        }

        return writer.Encode();
    }

    internal static byte[] EncodeUnbind(int messageId)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(messageId);
            writer.WriteNull(UnbindRequestTag);
        }

        return writer.Encode();
    }

    /// <summary>Parses one LDAPMessage carrying an LDAPResult-shaped response with the expected operation tag.</summary>
    internal static LdapBindResult ParseResponse(ReadOnlyMemory<byte> message, int expectedMessageId, Asn1Tag expectedOperation)
    {
        try
        {
            var reader = new AsnReader(message, AsnEncodingRules.BER);
            var envelope = reader.ReadSequence();
            if (!envelope.TryReadInt32(out var messageId))
            {
                throw new LdapProtocolException("the message id is not a 32-bit integer");
            }

            var operationTag = envelope.PeekTag();
            if (messageId == 0 && operationTag.HasSameClassAndValue(ExtendedResponseTag))
            {
                // RFC 4511 §4.4.1 Notice of Disconnection.
                var notice = ReadResult(envelope.ReadSequence(ExtendedResponseTag));
                throw new LdapProtocolException($"the server disconnected with result {notice.ResultCode}: {notice.DiagnosticMessage}");
            }

            if (messageId != expectedMessageId || !operationTag.HasSameClassAndValue(expectedOperation))
            {
                throw new LdapProtocolException($"unexpected response (message id {messageId}, tag {operationTag})");
            }

            return ReadResult(envelope.ReadSequence(expectedOperation));
        }
        catch (AsnContentException ex)
        {
            throw new LdapProtocolException("the server's response is not valid BER", ex);
        }
    }

    private static LdapBindResult ReadResult(AsnReader operation)
    {
        var code = operation.ReadEnumeratedBytes().Span;
        if (code.Length is 0 or > 4)
        {
            throw new LdapProtocolException("the result code is not a small enumerated value");
        }

        var value = (sbyte)code[0] < 0 ? -1 : 0;
        foreach (var b in code)
        {
            value = (value << 8) | b;
        }

        operation.ReadOctetString(); // matchedDN
        var diagnostic = Encoding.UTF8.GetString(operation.ReadOctetString());
        return new LdapBindResult(value, diagnostic);
    }

    private static async Task<LdapBindResult> ReadResponseAsync(Stream stream, int messageId, Asn1Tag operation, CancellationToken cancellationToken)
    {
        // Frame one BER element (tag, definite length, content) before handing it to the parser.
        var header = new byte[6];
        await stream.ReadExactlyAsync(header.AsMemory(0, 2), cancellationToken).ConfigureAwait(false);
        if (header[0] != 0x30)
        {
            throw new LdapProtocolException($"expected an LDAPMessage SEQUENCE, got tag 0x{header[0]:X2}");
        }

        int length;
        var headerLength = 2;
        if (header[1] < 0x80)
        {
            length = header[1];
        }
        else
        {
            var count = header[1] & 0x7F;
            if (count is 0 or > 4)
            {
                throw new LdapProtocolException("indefinite or oversized BER length");
            }

            await stream.ReadExactlyAsync(header.AsMemory(2, count), cancellationToken).ConfigureAwait(false);
            Span<byte> be = stackalloc byte[4];
            be.Clear();
            header.AsSpan(2, count).CopyTo(be[(4 - count)..]);
            var wide = BinaryPrimitives.ReadUInt32BigEndian(be);
            if (wide > MaxMessageSize)
            {
                throw new LdapProtocolException($"a {wide}-byte response exceeds the {MaxMessageSize}-byte limit");
            }

            length = (int)wide;
            headerLength += count;
        }

        var message = new byte[headerLength + length];
        header.AsSpan(0, headerLength).CopyTo(message);
        await stream.ReadExactlyAsync(message.AsMemory(headerLength), cancellationToken).ConfigureAwait(false);
        return ParseResponse(message, messageId, operation);
    }

    private static async Task<Stream> StartTlsAsync(Stream inner, string host, bool acceptAnyCertificate, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions { TargetHost = host };
        if (acceptAnyCertificate)
        {
#pragma warning disable CA5359 // Explicit opt-in (linkis-security.ldap.dangerous-accept-any-server-certificate), meant for testing.
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return ssl;
    }
}
