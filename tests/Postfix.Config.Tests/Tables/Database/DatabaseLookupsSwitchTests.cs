using System.IO.Abstractions.TestingHelpers;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Database;

namespace Postfix.Config.Tests.Tables.Database;

/// <summary>The AppContext switch is process-wide: these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(DatabaseLookupsSwitchCollection), DisableParallelization = true)]
public sealed class DatabaseLookupsSwitchCollection;

/// <summary>
/// The feature switch <c>Postfix.Config.DatabaseLookups.IsSupported</c> (what postfix-net's lean image is built with):
/// off, opening a live database table fails in Postfix's words for a type it lacks; the configuration files still
/// parse. On (the default), the same table gets as far as its driver.
/// </summary>
[Collection(nameof(DatabaseLookupsSwitchCollection))]
public sealed class DatabaseLookupsSwitchTests
{
    private const string Switch = "Postfix.Config.DatabaseLookups.IsSupported";

    [Theory]
    [InlineData("mysql")]
    [InlineData("pgsql")]
    [InlineData("sqlite")]
    [InlineData("ldap")]
    [InlineData("memcache")]
    public void SwitchedOff_OpenSaysUnsupportedDictionaryType(string type)
    {
        var fs = new MockFileSystem();
        fs.AddFile("/cf/t.cf", new MockFileData("dbname = d\nsearch_base = dc=example\ndbpath = /nonexistent/t.db\nquery = SELECT r FROM t WHERE k = '%s'\nmemcache = inet:127.0.0.1:1\n"));
        var factory = new LookupTableFactory(fs);
        try
        {
            AppContext.SetSwitch(Switch, false);
            var e = Assert.Throws<LookupTableOpenException>(() => factory.Open($"{type}:/cf/t.cf"));
            Assert.Equal($"unsupported dictionary type: {type}", e.Message);

            // The configuration still reads; only the live table is refused, also when opened directly.
            Assert.True(DatabaseTableTypes.TryParse(type, out var parsed));
            var configuration = factory.OpenDatabaseConfiguration(parsed, "/cf/t.cf");
            e = Assert.Throws<LookupTableOpenException>(() => DatabaseLookupTable.Open(configuration));
            Assert.Equal($"unsupported dictionary type: {type}", e.Message);
        }
        finally
        {
            AppContext.SetSwitch(Switch, true);
        }

        // On, the same table is not refused for its type (it opens, or fails later in the driver).
        try
        {
            using var opened = factory.Open($"{type}:/cf/t.cf") as IDisposable;
        }
        catch (LookupTableOpenException e)
        {
            Assert.DoesNotContain("unsupported dictionary type", e.Message, StringComparison.Ordinal);
        }
    }
}
