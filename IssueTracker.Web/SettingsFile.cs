using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace IssueTracker.Web;

/// <summary>
/// The repository-root <c>appsettings.json</c> is the one settings file a user edits. It is found however the app is
/// started: from the source tree (<c>dotnet run</c> from the root or inside the project), or from a build or publish
/// folder (the build copies it there). It takes the place of the default <c>appsettings.json</c> source, so
/// environment variables and the command line still override it.
/// </summary>
public static class SettingsFile
{
    public const string FileName = "appsettings.json";
    private const string SolutionFile = "IssueTracker.sln";

    /// <summary>The settings file to use: the source tree's when running from source, else the content root's, else the build output's.</summary>
    public static string? Locate(string contentRoot, string baseDirectory)
    {
        string[] candidates =
        [
            .. new[] { contentRoot, Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(contentRoot)) ?? contentRoot }
                .Where(dir => File.Exists(Path.Combine(dir, SolutionFile)))
                .Select(dir => Path.Combine(dir, FileName)),
            Path.Combine(contentRoot, FileName),
            Path.Combine(baseDirectory, FileName),
        ];
        return candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists);
    }

    public static void Use(ConfigurationManager configuration, IHostEnvironment environment)
    {
        var path = Locate(environment.ContentRootPath, AppContext.BaseDirectory);
        if (path is null) return;
        var source = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(path)!),
            Path = FileName,
            Optional = false,
            ReloadOnChange = false, // see Program.cs: a watcher here would see every database write
        };
        var sources = configuration.Sources;
        var index = sources.Select((s, i) => (s, i))
            .FirstOrDefault(x => x.s is JsonConfigurationSource { Path: FileName }, (null!, -1)).i;
        if (index >= 0) sources[index] = source;
        else sources.Insert(0, source);
        LoadedFrom = path;
    }

    /// <summary>The file in use, for the start-up banner and tests.</summary>
    public static string? LoadedFrom { get; private set; }
}
