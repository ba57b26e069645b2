using IssueTracker.Tests.Infrastructure;
using IssueTracker.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IssueTracker.Tests.Api;

public sealed class AppConfigurationTests(IssueTrackerFactory app) : IClassFixture<IssueTrackerFactory>
{
    [Fact]
    public void App_LoadsTheRepositoryRootSettingsFile()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../.."));
        var configuration = app.Services.GetRequiredService<IConfiguration>();

        Assert.Equal(Path.Combine(root, "appsettings.json"), SettingsFile.LoadedFrom);
        // A value that only the root file sets.
        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"]);
    }

    [Fact]
    [Trait("Provider", "sqlite")]
    public async Task App_HostSettingsOverrideTheFile_SoTestsNeverTouchTheDevelopmentDatabase()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();

        Assert.Equal(app.DatabasePath, db.Database.GetDbConnection().DataSource);
    }
}
