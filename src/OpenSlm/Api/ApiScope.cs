using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Indicators;
using OpenSlm.Interop.Documents;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Api;

/// <summary>
/// The record-level half of authorization, for handlers: which agreements a caller sees, which services and indicators
/// a service owner may change, whose measurements a caller may post. Decisions are <see cref="Principal"/>'s; this only
/// looks the records up.
/// </summary>
internal static class ApiScope
{
    /// <summary>Whether the caller may see <paramref name="record"/>: any record for internal readers, only their own agreements for customers and suppliers.</summary>
    public static bool CanSee(HttpContext http, StoredRecord record)
    {
        var caller = Caller.Required(http);
        return record.Document.Spec is AgreementSpec agreement ? caller.CanRead(agreement) : caller.ReadsInternal;
    }

    /// <summary>Whether the caller may see the agreement named <paramref name="name"/> (false when there is none).</summary>
    public static async Task<bool> CanSeeAgreementAsync(HttpContext http, CatalogueStore store, string name, CancellationToken ct)
    {
        var caller = Caller.Required(http);
        if (caller.ReadsInternal)
        {
            return true;
        }
        return await store.GetAsync(ResourceKind.Agreement, name, ct).ConfigureAwait(false) is { Document.Spec: AgreementSpec spec } && caller.CanRead(spec);
    }

    /// <summary>
    /// An endpoint filter for routes under an agreement's name ({name}): a caller who may not see that agreement gets
    /// <paramref name="notFound"/>, the very answer the route gives for an agreement that does not exist.
    /// </summary>
    public static TBuilder ScopedToAgreement<TBuilder>(this TBuilder builder, Func<string, IResult> notFound)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.RouteValues["name"] is string name
                && !await CanSeeAgreementAsync(http, http.RequestServices.GetRequiredService<CatalogueStore>(), name, http.RequestAborted).ConfigureAwait(false))
            {
                return notFound(name);
            }
            return await next(context).ConfigureAwait(false);
        });

    /// <summary>Every record a query matches, all pages (for filtering by scope; agreements number in the thousands at most).</summary>
    public static async Task<(List<StoredRecord>? Records, string? Error)> ListAllAsync(CatalogueStore store, ResourceKind kind, ListQuery query, CancellationToken ct)
    {
        var all = new List<StoredRecord>();
        for (var page = 1; ; page++)
        {
            var (result, error) = await store.ListAsync(kind, query with { Page = page, PageSize = ListQuery.MaxPageSize }, ct).ConfigureAwait(false);
            if (result is null)
            {
                return (null, error);
            }
            all.AddRange(result.Items);
            if (result.Items.Count < ListQuery.MaxPageSize)
            {
                return (all, null);
            }
        }
    }

    /// <summary>
    /// For a service or an indicator: the 403 a caller gets who may change only the services they own, when this record
    /// (as stored, and as it would be written) is not of one of them; null when the change may go on.
    /// </summary>
    public static async Task<IResult?> RefuseEditAsync(HttpContext http, CatalogueStore store, ResourceKind kind, string name, Document? next, CancellationToken ct)
    {
        var caller = Caller.Required(http);
        if (kind is not (ResourceKind.Service or ResourceKind.Indicator) || caller.HasUnlimited(Permission.EditOwnServices))
        {
            return null;
        }
        var stored = await store.GetAsync(kind, name, ct).ConfigureAwait(false);
        foreach (var document in new[] { stored?.Document, next })
        {
            if (document is null)
            {
                continue;
            }
            var spec = document.Spec;
            var service = spec switch
            {
                ServiceSpec s => s,
                IndicatorSpec { Service: { } owner } => await ServiceAsync(store, owner, ct).ConfigureAwait(false),
                _ => null,
            };
            if (service is null || !caller.Owns(service))
            {
                return HttpExchange.Problem(StatusCodes.Status403Forbidden, "You may change only the services you own.",
                    kind == ResourceKind.Service
                        ? $"Service '{name}' is not one you own (its owner, or Responsible or Accountable for it, as stakeholder {caller.Stakeholder ?? "(none linked to you)"})."
                        : $"Indicator '{name}' does not measure a service you own (stakeholder {caller.Stakeholder ?? "(none linked to you)"}); an indicator names its service in spec.service.",
                    new Dictionary<string, object?> { ["permission"] = nameof(Permission.EditCatalogue) });
            }
        }
        return null;
    }

    /// <summary>Whether the caller may acknowledge the alerts and diagnose the breaches of <paramref name="agreement"/>: unlimited, or the owner of a service it covers.</summary>
    public static async Task<bool> MayHandleAsync(Principal caller, CatalogueStore store, string agreement, CancellationToken ct) =>
        caller.HasUnlimited(Permission.HandleAlerts) || caller.HasFor(Permission.HandleAlerts, await ServicesOfAsync(store, agreement, ct).ConfigureAwait(false));

    /// <summary>The service record named <paramref name="name"/>, or null.</summary>
    public static async Task<ServiceSpec?> ServiceAsync(CatalogueStore store, string name, CancellationToken ct) =>
        (await store.GetAsync(ResourceKind.Service, name, ct).ConfigureAwait(false))?.Document.Spec as ServiceSpec;

    /// <summary>The services an agreement covers.</summary>
    public static async Task<List<ServiceSpec>> ServicesOfAsync(CatalogueStore store, string agreement, CancellationToken ct)
    {
        if (await store.GetAsync(ResourceKind.Agreement, agreement, ct).ConfigureAwait(false) is not { Document.Spec: AgreementSpec spec })
        {
            return [];
        }
        var services = new List<ServiceSpec>();
        foreach (var name in spec.Services)
        {
            if (await ServiceAsync(store, name, ct).ConfigureAwait(false) is { } service)
            {
                services.Add(service);
            }
        }
        return services;
    }

    /// <summary>
    /// The indicators of <paramref name="names"/> the caller may not post measurements or outages to (by
    /// <see cref="Principal.CanRecordFor"/>), each with why; empty when all may be posted.
    /// </summary>
    public static async Task<List<string>> UnrecordableAsync(HttpContext http, CatalogueStore store, IEnumerable<string> names, CancellationToken ct)
    {
        var caller = Caller.Required(http);
        if (caller.HasUnlimited(Permission.RecordMeasurements))
        {
            return [];
        }
        var refused = new List<string>();
        foreach (var name in names.Distinct(StringComparer.Ordinal).Take(10_000))
        {
            // A token's own scope decides without a lookup; only a service owner's needs the indicator's service.
            if (caller.CanRecordFor(name, null))
            {
                continue;
            }
            if (!caller.Roles.Contains(Role.ServiceOwner))
            {
                refused.Add(name);
                continue;
            }
            var indicator = (await store.GetAsync(ResourceKind.Indicator, name, ct).ConfigureAwait(false))?.Document.Spec as IndicatorSpec;
            var service = indicator?.Service is { } s ? await ServiceAsync(store, s, ct).ConfigureAwait(false) : null;
            if (!caller.CanRecordFor(name, service))
            {
                refused.Add(name);
            }
        }
        return refused;
    }

    /// <summary>The 403 for measurements the caller may not post, naming the indicators.</summary>
    public static IResult RefuseRecording(IReadOnlyList<string> indicators) =>
        HttpExchange.Problem(StatusCodes.Status403Forbidden, "You may not post measurements to these indicators; nothing was stored.",
            $"Not in your scope: {string.Join(", ", indicators.Take(20).Select(i => i.Length > 63 ? i[..63] + "…" : i))}{(indicators.Count > 20 ? $" and {indicators.Count - 20} more" : string.Empty)}. " +
            "A service owner posts to the indicators of their services; an Ingest token to those it names.",
            new Dictionary<string, object?> { ["permission"] = nameof(Permission.RecordMeasurements), ["indicators"] = indicators.Take(100).ToArray() });
}
