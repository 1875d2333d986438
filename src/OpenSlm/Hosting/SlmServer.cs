using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using NodaTime;
using OpenSlm.Access;
using OpenSlm.Api;
using OpenSlm.Demo;
using OpenSlm.Interop.Json;
using OpenSlm.Storage;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Web;
using Scalar.AspNetCore;

namespace OpenSlm.Hosting;

/// <summary>Composes the web application: services, endpoints, and start-up (migrations, demo data).</summary>
public static class SlmServer
{
    /// <summary>Builds the application; <paramref name="configure"/> lets tests swap the server or the clock.</summary>
    public static WebApplication Build(ServeOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SlmServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = RequestLimits.IngestBodyBytes;
        });
        // DNS rebinding: only the names this server is known by are served (loopback and those of --urls, or --allowed-hosts).
        builder.Services.AddHostFiltering(o =>
        {
            o.AllowedHosts = [.. options.AllowedHosts ?? ServeOptions.DefaultAllowedHosts(options.Urls)];
            o.IncludeFailureMessage = false;
        });
        // The UI's framework script (_framework/blazor.web.js) is a static web asset: read from the build's manifest in any
        // environment (a no-op where a publish has copied the files to wwwroot).
        builder.WebHost.UseStaticWebAssets();
        // Quiet by default: OpenSLM's own messages, the framework's warnings; --log-level Information shows each request.
        var level = options.LogLevel;
        builder.Logging.SetMinimumLevel(level ?? LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", level is { } l && l < LogLevel.Warning ? l : LogLevel.Warning);
        builder.Logging.AddFilter("System", level is { } s && s < LogLevel.Warning ? s : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", level is { } e && e < LogLevel.Information ? e : LogLevel.Warning);
        // A failure to start (a port in use) reaches slm serve, which says it in one line; a job that stops the host is Critical.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level is { } h && h < LogLevel.Warning ? h : LogLevel.Critical);
        // The keys protect form tokens only and live in OpenSLM's own database (docs/ui.md), so "no XML encryptor" is no news.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        var database = DatabaseTarget.Resolve(options.Database, options.DataDirectory);
        builder.Services.AddSingleton(database);
        // Antiforgery tokens of the UI's forms are protected with keys kept in the database, so that every instance on a
        // shared PostgreSQL accepts them and a restart does not void open forms.
        builder.Services.AddScoped(sp => sp.GetRequiredService<DatabaseTarget>().CreateContext());
        builder.Services.AddDataProtection().SetApplicationName("OpenSLM").PersistKeysToDbContext<SlmDbContext>();
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        builder.Services.AddSingleton<CatalogueStore>();
        builder.Services.AddSingleton<OpenSlm.Storage.Measurements.MeasurementStore>();
        builder.Services.AddSingleton<OpenSlm.Storage.Tickets.TicketStore>();
        builder.Services.AddSingleton<OpenSlm.Storage.Alerts.AlertStore>();
        builder.Services.AddSingleton<Evaluation.ObjectiveReader>();
        builder.Services.AddSingleton<OpenSlm.Storage.Alerts.NotificationStore>();
        builder.Services.AddSingleton(options.Notifications ?? Jobs.NotificationOptions.None);
        builder.Services.AddSingleton<Jobs.Notifier>();
        builder.Services.AddSingleton(options.TicketLinks ?? Web.TicketLinks.None);
        builder.Services.AddSingleton<OpenSlm.Storage.Jobs.JobLeases>();
        // The channels notifications travel on: one registration each.
        var delivery = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        builder.Services.AddSingleton<Jobs.INotificationChannel, Jobs.EmailChannel>();
        builder.Services.AddSingleton<Jobs.INotificationChannel>(sp => new Jobs.WebhookChannel(sp.GetRequiredService<Jobs.NotificationOptions>(), delivery));
        builder.Services.AddSingleton<Jobs.INotificationChannel>(_ => new Jobs.AlertmanagerChannel(delivery));
        builder.Services.AddSingleton<Jobs.NotificationDispatcher>();
        builder.Services.AddSingleton<Jobs.AlertEvaluator>();
        builder.Services.AddSingleton<OpenSlm.Storage.Reports.ReportStore>();
        builder.Services.AddSingleton<OpenSlm.Storage.Reviews.ReviewStore>();
        builder.Services.AddSingleton<OpenSlm.Storage.Reviews.CommentStore>();
        builder.Services.AddSingleton<Reporting.AgreementReviews>();
        builder.Services.AddSingleton<Reporting.ReportService>();
        builder.Services.AddSingleton<Reporting.BreachDiagnoses>();
        builder.Services.AddSingleton<Reporting.Improvements>();
        builder.Services.AddSingleton<Jobs.ReportScheduler>();
        builder.Services.AddSingleton<Jobs.AgreementReminder>();
        builder.Services.AddSingleton<Web.Overview>();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.AddOpenSlmAccess(options);
        if (options.EvaluateAlerts)
        {
            builder.Services.AddHostedService<Jobs.AlertEvaluationService>();
            builder.Services.AddHostedService<Jobs.NotificationService>();
            builder.Services.AddHostedService<Jobs.ReportScheduleService>();
        }
        builder.Services.AddSingleton(options);
        if (options.Prometheus is { } pull)
        {
            builder.Services.AddSingleton(pull);
            builder.Services.AddSingleton(_ => new OpenSlm.Interop.Prometheus.PrometheusClient(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = new Uri(pull.Url.ToString().TrimEnd('/') + "/"),
                Timeout = TimeSpan.FromMinutes(2),
            }));
            builder.Services.AddSingleton<Jobs.PrometheusPuller>();
            builder.Services.AddHostedService<Jobs.PrometheusPullService>();
        }
        builder.Services.Configure<JsonOptions>(o => SpecJson.Configure(o.SerializerOptions));
        // Binding failures are thrown (and answered by the middleware below) rather than answered with an empty 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            if (c.ProblemDetails.Status == StatusCodes.Status500InternalServerError)
            {
                // Never the exception's text (it can hold data or paths); the trace id finds it in the server's log.
                var trace = System.Diagnostics.Activity.Current?.Id ?? c.HttpContext.TraceIdentifier;
                c.ProblemDetails.Title = "OpenSLM failed to answer this request.";
                c.ProblemDetails.Detail = $"This is a bug in OpenSLM, not in the request. The server's log has the details under trace id {trace}; please report it with that id.";
            }
        });
        builder.Services.AddOpenApi(o => o.AddSchemaTransformer<NodaTimeSchemaTransformer>().AddDocumentTransformer<SecuritySchemeTransformer>());
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseHostFiltering();
        // A request the framework could not read (a body over the limit, a body it could not bind) is the client's
        // error, said as such; anything else is logged and answered 500 with its trace id.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        // A status without a body: a browser at an address that is no page gets a page saying so; everything else problem details.
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.StatusCode == StatusCodes.Status404NotFound && Web.NotFoundPage.Serves(http.Request))
            {
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(Web.NotFoundPage.Html(http.Request.Path.Value ?? "/"), http.RequestAborted).ConfigureAwait(false);
                return;
            }
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode } }).ConfigureAwait(false))
            {
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync($"Status code {http.Response.StatusCode}.", http.RequestAborted).ConfigureAwait(false);
            }
        });
        // A request the framework could not read (?page=x, a body past its limit, JSON that does not bind) is the client's
        // error: problem details with the framework's words, which name the parameter and the value, and nothing logged.
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http).ConfigureAwait(false);
            }
            catch (BadHttpRequestException bad) when (!http.Response.HasStarted && bad.StatusCode < 500)
            {
                http.Response.Clear();
                await Results.Problem(statusCode: bad.StatusCode, title: "The request is invalid.", detail: BadRequestText.Explain(bad)).ExecuteAsync(http).ConfigureAwait(false);
            }
        });
        app.UseEdgeGuard();
        app.UseDisplayZone();
        app.UseReadGate();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi().RequiresIdentity();
        // The explorer works on a network with no way out: its own script, system fonts, no agent, MCP, telemetry or vendor client button.
        app.MapScalarApiReference("/api", o => o.WithTitle("OpenSLM API").WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts().DisableAgent().DisableMcp().DisableTelemetry().HideClientButton()).RequiresIdentity();
        app.MapAccountApi();
        app.MapCatalogueApi();
        app.MapMeasurementApi();
        app.MapTicketApi();
        app.MapAlertApi();
        app.MapImprovementApi();
        app.MapReportApi();
        app.MapReviewApi();
        app.MapCommentApi();
        app.MapEvaluationApi();
        app.UseAntiforgery();
        app.MapStaticAssets().Public("the UI's scripts");
        app.MapWebUi();
        return app;
    }

    /// <summary>Applies migrations and, when asked, loads the demo catalogue into an empty store.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        var database = app.Services.GetRequiredService<DatabaseTarget>();
        var options = app.Services.GetRequiredService<ServeOptions>();
        await database.MigrateAsync(ct).ConfigureAwait(false);
        if (options.Demo)
        {
            var store = app.Services.GetRequiredService<CatalogueStore>();
            var now = app.Services.GetRequiredService<IClock>().GetCurrentInstant();
            var outcome = await DemoData.LoadIfEmptyAsync(store, now.InUtc().Date, async () =>
                await DemoActivity.LoadAsync(app.Services.GetRequiredService<OpenSlm.Storage.Measurements.MeasurementStore>(), app.Services.GetRequiredService<OpenSlm.Storage.Tickets.TicketStore>(), now, ct).ConfigureAwait(false)
                + ", " + await DemoActivity.ReviewsAsync(app.Services.GetRequiredService<Reporting.AgreementReviews>(), now, ct).ConfigureAwait(false)
                + " and " + await DemoActivity.BreachHistoryAsync(store, app.Services.GetRequiredService<Evaluation.ObjectiveReader>(),
                    app.Services.GetRequiredService<OpenSlm.Storage.Alerts.AlertStore>(), now, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            Log.DemoData(app.Logger, outcome);
        }
        var access = app.Services.GetRequiredService<OpenSlm.Storage.Access.AccessStore>();
        if (!await access.AnyUserAsync(ct).ConfigureAwait(false))
        {
            if (options.Demo && options.DemoUsers)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var made = await DemoUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<OpenSlm.Storage.Access.UserAccounts>(), ct).ConfigureAwait(false);
                Log.AccessNotice(app.Logger, made);
            }
            else
            {
                var where = database.Provider == DatabaseProvider.Sqlite ? $"--data {Path.GetDirectoryName(database.SqliteFile)}" : "--database …";
                var notice = $"No user exists yet, so nobody can sign in. Create the first admin (its password is printed once): slm users add NAME --role Admin {where}";
                Log.AccessNotice(app.Logger, notice);
            }
        }
    }

    /// <summary>JSON options the API uses, for clients in tests.</summary>
    public static JsonSerializerOptions ApiJson { get; } = SpecJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
