using System.ComponentModel;
using System.Diagnostics;

namespace Portico.FunctionalTests.Observability;

/// <summary>Runs the real <c>promtool check metrics</c> (Debian package <c>prometheus</c>) on an exposition.</summary>
public static class Promtool
{
    /// <summary>Validates <paramref name="exposition"/>; fails the test, never skips it, when promtool is missing.</summary>
    public static async Task AssertValidAsync(string exposition)
    {
        var start = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                "promtool is not installed. Install the Debian package 'prometheus' (apt-get install -y prometheus): the exposition is validated with the real tool.",
                ex);
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(exposition.AsMemory(), timeout.Token);
            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = await stdout + await stderr;
            Assert.True(process.ExitCode == 0, $"promtool check metrics exited with {process.ExitCode}:\n{output}\n--- exposition ---\n{exposition}");
        }
    }
}
