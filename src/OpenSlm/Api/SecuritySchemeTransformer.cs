using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OpenSlm.Api;

/// <summary>
/// Says in the OpenAPI document how callers authenticate: a bearer API token (<c>slm_…</c>) or the UI's session
/// cookie, required by every operation (docs/security.md has what each role may call).
/// </summary>
internal sealed class SecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["token"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token, slm_…, made by slm tokens create or POST /api/v1/tokens. What it may call is its roles' (docs/security.md).",
        };
        document.Components.SecuritySchemes["session"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = Access.AccessSetup.CookieName,
            Description = "The web UI's session, after signing in at /sign-in.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("token", document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("session", document)] = [] });
        return Task.CompletedTask;
    }
}
