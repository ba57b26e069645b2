using IssueTracker.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace IssueTracker.Tests.Data;

public sealed class SettingsFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("issuetracker-settings").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Project => Directory.CreateDirectory(Path.Combine(_root, "IssueTracker.Web")).FullName;

    private void WriteRootSettings(string json)
    {
        File.WriteAllText(Path.Combine(_root, "IssueTracker.sln"), "");
        File.WriteAllText(Path.Combine(_root, "appsettings.json"), json);
    }

    [Fact]
    public void Locate_FromTheProjectOrTheRoot_FindsTheRootFile()
    {
        WriteRootSettings("{}");
        var expected = Path.Combine(_root, "appsettings.json");

        Assert.Equal(expected, SettingsFile.Locate(Project, "/nowhere"));
        Assert.Equal(expected, SettingsFile.Locate(_root, "/nowhere"));
    }

    [Fact]
    public void Locate_InAPublishFolder_FindsTheCopyBesideTheApp()
    {
        var publish = Directory.CreateDirectory(Path.Combine(_root, "publish")).FullName;
        File.WriteAllText(Path.Combine(publish, "appsettings.json"), "{}");

        Assert.Equal(Path.Combine(publish, "appsettings.json"), SettingsFile.Locate(Path.Combine(_root, "elsewhere"), publish));
    }

    [Fact]
    public void Use_RootValueTakesEffect_AndEnvironmentVariablesStillOverride()
    {
        WriteRootSettings("""{ "IssueTracker": { "RateLimit": { "PermitsPerMinute": 7 }, "Admin": { "Name": "From file" } } }""");
        var variable = $"IssueTracker__Admin__Name";
        Environment.SetEnvironmentVariable(variable, "From environment");
        try
        {
            var configuration = new ConfigurationManager();
            configuration.AddJsonFile(new NullFileProvider(), "appsettings.json", optional: true, reloadOnChange: false);
            configuration.AddEnvironmentVariables();

            SettingsFile.Use(configuration, new HostEnvironment(Project));

            Assert.Equal("7", configuration["IssueTracker:RateLimit:PermitsPerMinute"]);
            Assert.Equal("From environment", configuration["IssueTracker:Admin:Name"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private sealed class HostEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "IssueTracker.Web";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
