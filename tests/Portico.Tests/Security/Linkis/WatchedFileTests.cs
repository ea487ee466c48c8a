using Portico.Security.Linkis;
using Portico.Testing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security.Linkis;

public sealed class WatchedFileTests
{
    [Fact]
    public async Task Edit_TruncatedThenWritten_OnlyTheFinishedFileComesIntoForce()
    {
        using var dir = new TempDirectory();
        var path = dir.File("list.txt");
        await File.WriteAllTextAsync(path, "a\nb\n");
        var seen = new List<string>();
        var time = new ManualTimeProvider();
        using var watched = Watch(path, seen, time);
        Assert.Equal("a\nb\n", watched.Current);

        // What `echo > file` and many editors do: truncate, then write. The settle delay's clock stands still until the
        // write is done, however slowly the machine runs the two steps, so only a read that ignores it could see "".
        await using (var stream = new FileStream(path, FileMode.Truncate, FileAccess.Write))
        {
            await stream.FlushAsync();
            await Task.Delay(50); // long enough for the truncation to be noticed on its own
            await stream.WriteAsync("c\n"u8.ToArray());
        }

        Assert.True(await EventuallyAsync(() =>
        {
            time.Advance(WatchedFile<string>.SettleDelay);
            return watched.Current == "c\n";
        }));
        lock (seen)
        {
            Assert.DoesNotContain("", seen);
        }
    }

    [Fact]
    public async Task Edit_BadContent_ReportedAndLastGoodKept()
    {
        using var dir = new TempDirectory();
        var path = dir.File("list.txt");
        await File.WriteAllTextAsync(path, "good\n");
        var errors = 0;
        using var watched = new WatchedFile<string>(
            path,
            text => text.Contains("bad", StringComparison.Ordinal) ? throw new FormatException("bad line") : text,
            string.Empty,
            (_, _) => Interlocked.Increment(ref errors),
            (_, _) => { });

        await TempDirectory.ReplaceAsync(path, "bad\n");

        Assert.True(await EventuallyAsync(() => Volatile.Read(ref errors) > 0));
        Assert.Equal("good\n", watched.Current);
        Assert.Equal(1, watched.Version);
    }

    private static WatchedFile<string> Watch(string path, List<string> seen, TimeProvider time) =>
        new(path, text => text, string.Empty, (_, _) => { }, (_, value) =>
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }, time);

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(25, CancellationToken.None);
        }

        return true;
    }
}
