using Portico.Labels;
using Portico.Tests.TestSupport;
using static Portico.Tests.Labels.LabelTestSupport;

namespace Portico.Tests.Labels;

public sealed class LabelStoreTests
{
    private const string App = "linkis-cg-entrance";
    private const string Inst = "10.0.0.1:9104";

    [Fact]
    public async Task Replace_NewInstance_CreatesEntryVisibleInNextSnapshot()
    {
        using var store = MemoryStore();
        var before = store.Current;

        var result = await store.ReplaceAsync(App, Inst, Pairs("route=et1", "tenant=a"));

        Assert.True(result.Succeeded);
        Assert.NotSame(before, store.Current);
        Assert.Empty(before.All);
        Assert.Equal(["route=et1", "tenant=a"], Texts(store.Current.Find(App, Inst)));
        Assert.Equal(before.Version + 1, store.Current.Version);
    }

    [Fact]
    public async Task Replace_ExistingInstance_DropsLabelsNotGivenAndKeepsIdAndCreationTime()
    {
        var time = new ManualTimeProvider();
        using var store = MemoryStore(time);
        var first = await store.LabelAsync(App, Inst, "route=et1", "tenant=a");
        time.Advance(TimeSpan.FromMinutes(5));

        var second = await store.LabelAsync(App, Inst, "route=et2");

        Assert.Equal(["route=et2"], Texts(store.Current.Find(App, Inst)));
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal(first.CreatedAt + TimeSpan.FromMinutes(5), second.UpdatedAt);
    }

    [Fact]
    public async Task Replace_WithNoLabels_KeepsInstanceUnlabelled()
    {
        using var store = MemoryStore();
        await store.LabelAsync(App, Inst, "route=et1");

        await store.LabelAsync(App, Inst);

        var entry = store.Current.Find(App, Inst);
        Assert.NotNull(entry);
        Assert.False(entry.IsLabelled);
        Assert.Empty(store.Current.FindInstances("route", "et1"));
    }

    [Fact]
    public async Task Find_ApplicationComparedCaseInsensitivelyInstanceExactly()
    {
        using var store = MemoryStore();
        await store.LabelAsync(App, Inst, "route=et1");

        Assert.NotNull(store.Current.Find("LINKIS-CG-ENTRANCE", Inst));
        Assert.Null(store.Current.Find(App, "10.0.0.1:9105"));
        Assert.Single(store.Current.OfApplication("Linkis-Cg-Entrance"));
    }

    [Fact]
    public async Task Add_NewKey_KeepsExistingLabels()
    {
        using var store = MemoryStore();
        await store.LabelAsync(App, Inst, "route=et1");

        var result = await store.AddAsync(App, Inst, Pairs("tenant=a"));

        Assert.True(result.Succeeded);
        Assert.Equal(["route=et1", "tenant=a"], Texts(store.Current.Find(App, Inst)));
    }

    [Fact]
    public async Task Add_KeyTheInstanceCarries_IsConflictAndStoreUnchanged()
    {
        using var store = MemoryStore();
        await store.LabelAsync(App, Inst, "route=et1");
        var before = store.Current;

        var result = await store.AddAsync(App, Inst, Pairs("tenant=a", "route=et2"));

        Assert.Equal(LabelErrorKind.Conflict, result.Error!.Kind);
        Assert.Equal("key", result.Error.Field);
        Assert.Equal("Instance '10.0.0.1:9104' of 'linkis-cg-entrance' already carries route=et1; remove that label first, or set or replace it.", result.Error.Message);
        Assert.Same(before, store.Current);
    }

    [Fact]
    public async Task Replace_KeyGivenTwice_IsDuplicateAndStoreUnchanged()
    {
        using var store = MemoryStore();
        await store.LabelAsync(App, Inst, "route=et1");
        var before = store.Current;

        var result = await store.ReplaceAsync(App, Inst, Pairs("route=et2", "route=et3"));

        Assert.Equal(LabelErrorKind.Duplicate, result.Error!.Kind);
        Assert.Equal("labels", result.Error.Field);
        Assert.Equal("Label key 'route' is given twice; an instance carries one value per key.", result.Error.Message);
        Assert.Same(before, store.Current);
    }

    [Theory]
    [InlineData("", "et1", "key", "Label key is empty; give a key such as 'route'.")]
    [InlineData("k123456789012345678901234567890123", "et1", "key", "Label key 'k123456789012345678901234567890123' is 34 characters long; the limit is 32.")]
    [InlineData("1route", "et1", "key", "Label key '1route' must start with a letter.")]
    [InlineData("ro-ute", "et1", "key", "Label key 'ro-ute' contains '-'; use letters, digits, '_' and '.' only.")]
    [InlineData("route", "", "value", "Label 'route' has an empty value; give a value, or remove the label.")]
    [InlineData("route", "a,b", "value", "The value 'a,b' of label 'route' contains ','; values cannot contain ',', ';', '=', spaces or control characters.")]
    [InlineData("route", "a=b", "value", "The value 'a=b' of label 'route' contains '='; values cannot contain ',', ';', '=', spaces or control characters.")]
    [InlineData("route", "a b", "value", "The value 'a b' of label 'route' contains the character U+0020; values cannot contain ',', ';', '=', spaces or control characters.")]
    public async Task Replace_InvalidLabel_NamesFieldAndProblem(string key, string value, string field, string message)
    {
        using var store = MemoryStore();
        var before = store.Current;

        var result = await store.ReplaceAsync(App, Inst, [new InstanceLabel(key, value)]);

        Assert.Equal(LabelErrorKind.Invalid, result.Error!.Kind);
        Assert.Equal(field, result.Error.Field);
        Assert.Equal(message, result.Error.Message);
        Assert.Same(before, store.Current);
    }

    [Fact]
    public async Task Replace_ValueOfExactlyMaximumLength_IsAcceptedOneMoreIsNot()
    {
        using var store = MemoryStore();

        var ok = await store.ReplaceAsync(App, Inst, [new InstanceLabel("route", new string('v', 128))]);
        var tooLong = await store.ReplaceAsync(App, Inst, [new InstanceLabel("route", new string('w', 129))]);

        Assert.True(ok.Succeeded);
        Assert.Equal("The value of label 'route' is 129 characters long; the limit is 128.", tooLong.Error!.Message);
        Assert.Equal(new string('v', 128), store.Current.Find(App, Inst)!.ValueOf("route"));
    }

    [Theory]
    [InlineData("", "10.0.0.1:1", "application", "The application is empty; give the registry name of the instance's service.")]
    [InlineData("a b", "10.0.0.1:1", "application", "The application 'a b' contains the character U+0020; give the registry name of the service.")]
    [InlineData(App, "", "instance", "The instance is empty; give it as host:port, as the registry lists it.")]
    [InlineData(App, "10.0.0.1", "instance", "The instance '10.0.0.1' is not host:port (a port from 1 to 65535 after the last ':').")]
    [InlineData(App, "10.0.0.1:70000", "instance", "The instance '10.0.0.1:70000' is not host:port (a port from 1 to 65535 after the last ':').")]
    [InlineData(App, "h/x:80", "instance", "The instance 'h/x:80' contains '/'; give it as host:port.")]
    public async Task Replace_InvalidTarget_NamesFieldAndProblem(string application, string instance, string field, string message)
    {
        using var store = MemoryStore();

        var result = await store.ReplaceAsync(application, instance, Pairs("route=et1"));

        Assert.Equal(field, result.Error!.Field);
        Assert.Equal(message, result.Error.Message);
        Assert.Empty(store.Current.All);
    }

    [Fact]
    public async Task Set_ReplacesOnlyThatKey_AndUnchangedValueIsNoOp()
    {
        using var store = MemoryStore();
        await store.LabelAsync(App, Inst, "route=et1", "tenant=a");

        var changed = await store.SetAsync(App, Inst, new InstanceLabel("route", "et2"));
        var afterChange = store.Current;
        var same = await store.SetAsync(App, Inst, new InstanceLabel("route", "et2"));

        Assert.True(changed.Succeeded);
        Assert.True(same.Succeeded);
        Assert.Same(afterChange, store.Current);
        Assert.Equal(["route=et2", "tenant=a"], Texts(store.Current.Find(App, Inst)));
    }

    [Fact]
    public async Task Remove_OneLabel_KeepsOthers()
    {
        using var store = MemoryStore();
        await store.LabelAsync(App, Inst, "route=et1", "tenant=a");

        var result = await store.RemoveAsync(App, Inst, "route");

        Assert.True(result.Succeeded);
        Assert.Equal(["tenant=a"], Texts(store.Current.Find(App, Inst)));
    }

    [Fact]
    public async Task Remove_MissingLabelOrInstance_IsNotFound()
    {
        using var store = MemoryStore();
        await store.LabelAsync(App, Inst, "route=et1");

        var missingKey = await store.RemoveAsync(App, Inst, "tenant");
        var missingInstance = await store.RemoveAsync(App, "10.0.0.9:1", "route");
        var missingEntry = await store.RemoveInstanceAsync(App, "10.0.0.9:1");

        Assert.Equal((LabelErrorKind.NotFound, "key", "Instance '10.0.0.1:9104' of 'linkis-cg-entrance' carries no label 'tenant'."), (missingKey.Error!.Kind, missingKey.Error.Field, missingKey.Error.Message));
        Assert.Equal((LabelErrorKind.NotFound, "instance", "The label store has no instance '10.0.0.9:1' of 'linkis-cg-entrance'."), (missingInstance.Error!.Kind, missingInstance.Error.Field, missingInstance.Error.Message));
        Assert.Equal(LabelErrorKind.NotFound, missingEntry.Error!.Kind);
    }

    [Fact]
    public async Task RemoveInstance_ForgetsInstanceAndItsLabelIndex()
    {
        using var store = MemoryStore();
        await store.LabelAsync(App, Inst, "route=et1");
        await store.LabelAsync(App, "10.0.0.2:9104", "route=et1");

        var result = await store.RemoveInstanceAsync(App, Inst);

        Assert.Equal(Inst, result.Instance!.Instance);
        Assert.Null(store.Current.Find(App, Inst));
        Assert.Equal(["10.0.0.2:9104"], store.Current.FindInstances("route", "et1").Select(i => i.Instance));
    }

    [Fact]
    public async Task FindInstances_InCreationOrderAcrossApplications()
    {
        using var store = MemoryStore();
        await store.LabelAsync("linkis-ps-publicservice", "10.0.0.5:9105", "route=cs_1_dev");
        await store.LabelAsync(App, Inst, "route=cs_1_dev");
        await store.LabelAsync("linkis-ps-publicservice", "10.0.0.5:9105", "route=cs_1_dev", "tenant=x");

        var found = store.Current.FindInstances("route", "cs_1_dev");

        Assert.Equal([("linkis-ps-publicservice", "10.0.0.5:9105"), (App, Inst)], found.Select(i => (i.Application, i.Instance)));
    }

    [Fact]
    public async Task Snapshot_TakenBeforeChange_IsNeverModified()
    {
        using var store = MemoryStore();
        await store.LabelAsync(App, Inst, "route=et1");
        var old = store.Current;

        await store.LabelAsync(App, Inst, "route=et2");
        await store.RemoveInstanceAsync(App, Inst);

        Assert.Equal("et1", old.Find(App, Inst)!.ValueOf("route"));
        Assert.Single(old.FindInstances("route", "et1"));
        Assert.Null(store.Current.Find(App, Inst));
    }

    [Fact]
    public async Task ConcurrentWriters_AllChangesKept()
    {
        using var store = MemoryStore();

        await Task.WhenAll(Enumerable.Range(1, 40).Select(i => Task.Run(async () =>
            Assert.True((await store.ReplaceAsync(App, $"10.0.1.{i}:9104", Pairs($"route=r{i}"))).Succeeded))));

        Assert.Equal(40, store.Current.All.Count);
        Assert.Equal(40, store.Current.All.Select(e => e.Id).Distinct().Count());
        Assert.Equal("r17", store.Current.Find(App, "10.0.1.17:9104")!.ValueOf("route"));
    }

    [Fact]
    public async Task Sqlite_LabelsSurviveRestart()
    {
        using var directory = new TempDirectory();
        var time = new ManualTimeProvider();
        long id;
        using (var store = SqliteStore(directory.Path, time))
        {
            id = (await store.LabelAsync(App, Inst, "route=et1", "tenant=a")).Id;
            await store.LabelAsync("linkis-ps-publicservice", "10.0.0.5:9105", "route=cs_1_dev");
            await store.LabelAsync(App, "10.0.0.3:9104", "route=gone");
            Assert.True((await store.RemoveInstanceAsync(App, "10.0.0.3:9104")).Succeeded);
            Assert.True((await store.RemoveAsync("linkis-ps-publicservice", "10.0.0.5:9105", "route")).Succeeded);
        }

        Assert.True(File.Exists(Path.Combine(directory.Path, "labels.db")));
        using var reopened = SqliteStore(directory.Path, time);

        var entry = reopened.Current.Find(App, Inst)!;
        Assert.Equal(id, entry.Id);
        Assert.Equal(["route=et1", "tenant=a"], Texts(entry));
        Assert.Equal(time.GetUtcNow(), entry.CreatedAt);
        Assert.Null(reopened.Current.Find(App, "10.0.0.3:9104"));
        Assert.False(reopened.Current.Find("linkis-ps-publicservice", "10.0.0.5:9105")!.IsLabelled);
        Assert.Equal([Inst], reopened.Current.FindInstances("route", "et1").Select(i => i.Instance));
    }

    [Fact]
    public async Task Sqlite_NewInstancesAfterRestart_GetFreshIds()
    {
        using var directory = new TempDirectory();
        long first;
        using (var store = SqliteStore(directory.Path))
        {
            first = (await store.LabelAsync(App, Inst, "route=et1")).Id;
        }

        using var reopened = SqliteStore(directory.Path);
        var second = await reopened.LabelAsync(App, "10.0.0.2:9104", "route=et2");

        Assert.True(second.Id > first);
        Assert.Equal(2, reopened.Current.All.Count);
    }

    [Fact]
    public async Task Sqlite_RejectedChange_IsNotSaved()
    {
        using var directory = new TempDirectory();
        using (var store = SqliteStore(directory.Path))
        {
            await store.LabelAsync(App, Inst, "route=et1");
            Assert.False((await store.ReplaceAsync(App, Inst, Pairs("route=a", "route=b"))).Succeeded);
            Assert.False((await store.AddAsync(App, Inst, Pairs("route=et9"))).Succeeded);
        }

        using var reopened = SqliteStore(directory.Path);
        Assert.Equal(["route=et1"], Texts(reopened.Current.Find(App, Inst)));
    }

    [Fact]
    public void Sqlite_NothingLabelled_NoFileOrDirectoryCreated()
    {
        using var directory = new TempDirectory();
        var data = Path.Combine(directory.Path, "data");

        using (var store = SqliteStore(data))
        {
            Assert.Empty(store.Current.All);
        }

        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public void Sqlite_DatabaseOfNewerSchema_RefusedWithItsPath()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "labels.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<InvalidOperationException>(() => SqliteStore(directory.Path));

        Assert.Equal($"The label database '{path}' was written by a newer Portico (schema 99); move it away or upgrade.", ex.Message);
    }

    [Fact]
    public async Task Memory_LabelsAreLostWithTheStore()
    {
        using (var store = MemoryStore())
        {
            await store.LabelAsync(App, Inst, "route=et1");
        }

        using var fresh = MemoryStore();
        Assert.Empty(fresh.Current.All);
    }
}
