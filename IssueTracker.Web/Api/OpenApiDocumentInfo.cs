using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IssueTracker.Web.Api;

/// <summary>Titles the OpenAPI document and declares bearer-token authentication for every operation.</summary>
internal sealed class OpenApiDocumentInfo : IOpenApiDocumentTransformer
{
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
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(PersonalAccessTokenHandler.SchemeName, document)] = [],
        });
        return Task.CompletedTask;
    }
}
