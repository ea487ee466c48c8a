using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portico.FunctionalTests.Security.Linkis;

/// <summary>
/// A real OpenLDAP server (Debian's <c>slapd</c>) in a temporary directory, listening on loopback for <c>ldap://</c>
/// (StartTLS-capable) and <c>ldaps://</c> with a throw-away self-signed certificate, loaded with one user
/// <c>uid=alice,ou=people,dc=example,dc=com</c> (password <c>alice-pw</c>). Like some directories, it accepts a DN with
/// an empty password as an unauthenticated bind (<c>allow bind_anon_dn</c>). Started with <c>requireTlsForPasswordBinds</c>,
/// it refuses a bind with a password unless the connection is encrypted (<c>security simple_bind=128</c>: result 13,
/// confidentialityRequired), so a client that skipped StartTLS fails. Killed and deleted on dispose. Missing
/// <c>slapd</c> fails the test: install it with <c>apt-get install -y slapd</c>.
/// </summary>
public sealed class SlapdServer : IAsyncDisposable
{
    public const string Suffix = "dc=example,dc=com";
    public const string UserFormat = "uid=%s,ou=people," + Suffix;
    public const string AlicePassword = "alice-pw";

    private readonly string _directory;
    private readonly Process _process;

    private SlapdServer(string directory, Process process, int ldapPort, int ldapsPort)
    {
        _directory = directory;
        _process = process;
        LdapUrl = $"ldap://127.0.0.1:{ldapPort}/";
        LdapsUrl = $"ldaps://127.0.0.1:{ldapsPort}/";
        LdapPort = ldapPort;
    }

    /// <summary>The plain (StartTLS-capable) URL.</summary>
    public string LdapUrl { get; }

    /// <summary>The TLS URL.</summary>
    public string LdapsUrl { get; }

    /// <summary>The plain port.</summary>
    public int LdapPort { get; }

    /// <summary>The LDAP result code of a bind refused because the connection is not encrypted (RFC 4511 §4.1.9).</summary>
    public const int ConfidentialityRequired = 13;

    public static async Task<SlapdServer> StartAsync(bool requireTlsForPasswordBinds = false)
    {
        const string slapd = "/usr/sbin/slapd";
        Assert.True(File.Exists(slapd), "slapd is not installed: apt-get install -y slapd");
        var directory = Directory.CreateTempSubdirectory("portico-slapd-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "db"));
        WriteCertificate(directory);
        var conf = Path.Combine(directory, "slapd.conf");
        await File.WriteAllTextAsync(conf, $"""
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            pidfile {directory}/slapd.pid
            modulepath /usr/lib/ldap
            moduleload back_mdb
            TLSCertificateFile {directory}/cert.pem
            TLSCertificateKeyFile {directory}/key.pem
            allow bind_anon_dn
            {(requireTlsForPasswordBinds ? "security simple_bind=128" : "")}
            database mdb
            maxsize 10485760
            suffix "{Suffix}"
            rootdn "cn=admin,{Suffix}"
            rootpw admin-secret
            directory {directory}/db

            """);
        var ldif = Path.Combine(directory, "data.ldif");
        await File.WriteAllTextAsync(ldif, $"""
            dn: {Suffix}
            objectClass: top
            objectClass: dcObject
            objectClass: organization
            o: Example
            dc: example

            dn: ou=people,{Suffix}
            objectClass: organizationalUnit
            ou: people

            dn: uid=alice,ou=people,{Suffix}
            objectClass: inetOrgPerson
            uid: alice
            cn: Alice
            sn: Liddell
            userPassword: {AlicePassword}

            """);
        await RunToEndAsync("/usr/sbin/slapadd", "-f", conf, "-l", ldif);

        var ldapPort = FreePort();
        var ldapsPort = FreePort();
        var start = new ProcessStartInfo(slapd)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-f", conf, "-h", $"ldap://127.0.0.1:{ldapPort}/ ldaps://127.0.0.1:{ldapsPort}/", "-d", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("slapd did not start");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new SlapdServer(directory, process, ldapPort, ldapsPort);
        try
        {
            await WaitForPortAsync(process, ldapPort);
            await WaitForPortAsync(process, ldapsPort);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void WriteCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        File.WriteAllText(Path.Combine(directory, "cert.pem"), cert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(Process process, int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            Assert.False(process.HasExited, $"slapd exited with code {(process.HasExited ? process.ExitCode : 0)} before listening on {port}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static async Task RunToEndAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await stdout;
        Assert.True(process.ExitCode == 0, $"{file} exited {process.ExitCode}: {await stderr}");
    }
}
