using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>Titles the OpenAPI document and declares bearer-token authentication for every operation.</summary>
internal sealed class OpenApiDocumentInfo : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Issues"] = "Data-quality issues: open, find, triage and resolve them; each change is kept in the issue's history.",
        ["Comments"] = "The discussion on an issue, in markdown rendered safely.",
        ["Spaces"] = "Spaces group a team's issues, products and members; access to everything is decided per space.",
        ["Products"] = "Data products (tables, pipelines, dashboards) that alerts and issues are about, with their health.",
        ["Users"] = "The people of this instance and the caller themself.",
        ["Alerts"] = "Check results reported by monitors; a firing alert opens or reopens an issue as its space's policy says.",
        ["Connectors"] = "Result files of dbt, Great Expectations and Soda, posted as the tools write them and imported as alerts.",
        ["Tokens"] = "Personal access tokens with scopes (read, write, admin) for integrations and scripts.",
        ["Events"] = "The change feed as server-sent events: every change in the caller's spaces, live and resumable.",
        ["Notifications"] = "The caller's notifications and the issues they watch.",
        ["Webhooks"] = "Signed deliveries of a space's changes to other systems, with their delivery log.",
        ["Insights"] = "Triage figures over time for the caller's spaces.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "IssueTracker API",
            Version = "v1",
            Description = "Data-quality issues, comments, history, spaces, products and alerts. "
                + "Authenticate with a personal access token: 'Authorization: Bearer itk_…'. Errors are RFC 9457 problem details.",
        };
        // Relative, so the document serves every deployment (the default named the address it was fetched from).
        document.Servers = [new OpenApiServer { Url = "/" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[PersonalAccessTokenHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A personal access token (POST /api/tokens).",
        };
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
            tag.Description = tag.Name is { } name ? TagDescriptions.GetValueOrDefault(name) : null;
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(PersonalAccessTokenHandler.SchemeName, document)] = [],
        });
        return Task.CompletedTask;
    }
}
