using System.Diagnostics;
using Portico.Security.Linkis.Tickets;

namespace Portico.Tests.Security.Linkis.Tickets;

/// <summary>
/// Proves the ticket format against an independent implementation: <c>linkis_ticket.py</c> over Debian's
/// python3-cryptography. These tests fail (they do not skip) when python3 or the module is missing: install them with
/// <c>apt-get install -y python3 python3-cryptography</c>.
/// </summary>
public class LinkisTicketInteropTests
{
    private const string Key = "interop-crypt-key-0123456789";
    private readonly LinkisTicketCipher _cipher = new(Key, "bfs_");

    [Theory]
    [InlineData("hadoop")]
    [InlineData("Zoë 用户")]
    [InlineData("a,b")]
    public async Task Read_TicketMadeByPython_NamesTheUser(string user)
    {
        var ticket = await RunPythonAsync("encrypt", Key, $"bfs_{user},1767225600123");

        var result = _cipher.Read(ticket);

        Assert.Equal(LinkisTicketStatus.Valid, result.Status);
        Assert.Equal(user, result.UserName);
        Assert.Equal(1_767_225_600_123, result.LoginTime!.Value.ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("hadoop")]
    [InlineData("Zoë 用户")]
    public async Task Issue_TicketReadByPython_HasLinkisPlaintext(string user)
    {
        var ticket = _cipher.Issue(user, DateTimeOffset.FromUnixTimeMilliseconds(42));

        Assert.Equal($"bfs_{user},42", await RunPythonAsync("decrypt", Key, ticket));
    }

    [Fact]
    public async Task Issue_TicketReadByPythonWithAnotherKey_DoesNotVerify()
    {
        var ticket = _cipher.Issue("alice", DateTimeOffset.FromUnixTimeMilliseconds(42));

        var error = await Assert.ThrowsAsync<PythonFailedException>(() => RunPythonAsync("decrypt", "some-other-key-0123456789", ticket));
        Assert.Contains("InvalidTag", error.Message, StringComparison.Ordinal);
    }

    private static string PythonPath =>
        File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    private static async Task<string> RunPythonAsync(params string[] args)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Security", "Linkis", "Tickets", "linkis_ticket.py");
        Assert.True(File.Exists(script), $"missing {script}");
        var start = new ProcessStartInfo(PythonPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start; install python3 and python3-cryptography");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var error = await stderr;
        Assert.DoesNotContain("ModuleNotFoundError", error, StringComparison.Ordinal);
        if (process.ExitCode != 0)
        {
            throw new PythonFailedException($"python exited {process.ExitCode}: {error}");
        }

        return await stdout;
    }

    private sealed class PythonFailedException(string message) : Exception(message);
}
