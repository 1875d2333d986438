using NodaTime;
using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Reviews;

namespace OpenSlm.Api;

/// <summary>A comment on a version: <c>term</c> is the field path it is about (null: the whole version); <c>internal</c> ones only the provider's staff read.</summary>
public sealed record CommentDto(long Id, int Version, string? Term, string Text, bool Internal, string Author, string? Stakeholder, Instant WrittenAt)
{
    internal static CommentDto From(CommentRecord c) => new(c.Id, c.Version, c.Terms.Term, c.Terms.Text, c.Terms.Internal, c.Author, c.Stakeholder, c.WrittenAt);
}

/// <summary><c>/api/v1/agreements/{name}/versions/{n}/comments</c>: the discussion of a version while it is negotiated (issue 18).</summary>
public static class CommentApi
{
    /// <summary>Maps the comment endpoints.</summary>
    public static IEndpointRouteBuilder MapCommentApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/agreements/{name}/versions/{number:int}/comments", List).WithTags("Agreements").WithName("ListVersionComments").Requires(Permission.ReadAgreements)
            .WithSummary("A version's comments, oldest first; a customer or supplier reads none of the internal ones.")
            .Produces<List<CommentDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/v1/agreements/{name}/versions/{number:int}/comments", Add).WithTags("Agreements").WithName("AddVersionComment").Requires(Permission.ReadAgreements)
            .WithSummary("Comments on a version: {\"text\": \"…\", \"term\": \"objectives[availability].target\", \"internal\": false}. A service level manager, the customer or supplier it is made with, or a stakeholder named on it comments (403 for others); term is a field path of the version (as the comparison shows it) or none; internal only for the provider's staff. Comments are never edited or removed.")
            .Accepts<CommentRequest>("application/json")
            .Produces<CommentDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> List(string name, int number, HttpContext http, CatalogueStore store, CommentStore comments, CancellationToken ct)
    {
        if (await VersionAsync(name, number, http, store, ct).ConfigureAwait(false) is null)
        {
            return HttpExchange.NotFound($"No agreement named '{name}' with a version {number} exists.");
        }
        var caller = Caller.Required(http);
        return TypedResults.Ok((await comments.ListAsync(name, number, ct).ConfigureAwait(false)).Where(c => VersionComments.Reads(caller, c.Terms)).Select(CommentDto.From).ToList());
    }

    private static async Task<IResult> Add(string name, int number, HttpContext http, CatalogueStore store, CommentStore comments, IClock clock, CancellationToken ct)
    {
        if (await VersionAsync(name, number, http, store, ct).ConfigureAwait(false) is not { } version)
        {
            return HttpExchange.NotFound($"No agreement named '{name}' with a version {number} exists.");
        }
        var caller = Caller.Required(http);
        if (VersionComments.Refusal(caller, version.Spec) is { } refusal)
        {
            return HttpExchange.Problem(StatusCodes.Status403Forbidden, "You may not comment on this agreement.", refusal);
        }
        var (request, problem) = await ReviewApi.ReadAsync<CommentRequest>(http.Request, ct).ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }
        var (comment, problems) = Check(request, caller, version);
        if (comment is null)
        {
            return HttpExchange.Invalid(problems, "The comment is invalid; nothing was stored.");
        }
        var stored = await comments.AddAsync(name, number, comment, HttpExchange.ActorOf(http).Name, caller.Stakeholder, clock.GetCurrentInstant(), ct).ConfigureAwait(false);
        if (stored is null)
        {
            return HttpExchange.Problem(StatusCodes.Status409Conflict, "The version holds as many comments as it may.",
                $"Version {number} of '{name}' holds {VersionComments.MaxPerVersion} comments, the most one version holds; open an amendment to go on.");
        }
        return TypedResults.Created($"/api/v1/agreements/{Uri.EscapeDataString(name)}/versions/{number}/comments", CommentDto.From(stored));
    }

    /// <summary>The comment's checks against the version's terms (the paths its comparison names).</summary>
    internal static (CommentTerms? Comment, List<(string Field, string Message)> Problems) Check(CommentRequest request, Principal caller, StoredVersion version) =>
        VersionComments.Check(request, caller.ReadsInternal, [.. Interop.Documents.TermsCompare.Terms((ISpec)version.Spec.Terms()).Select(t => t.Path)]);

    private static async Task<StoredVersion?> VersionAsync(string name, int number, HttpContext http, CatalogueStore store, CancellationToken ct) =>
        await store.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false) is { } record && ApiScope.CanSee(http, record)
            ? await store.GetVersionAsync(name, number, ct).ConfigureAwait(false)
            : null;
}
