using System.CommandLine;
using Microsoft.Extensions.Logging;
using NodaTime;
using OpenSlm.Core.Calendars;
using OpenSlm.Demo;
using OpenSlm.Hosting;
using OpenSlm.Interop.Documents;
using OpenSlm.Jobs;
using OpenSlm.Storage;
using OpenSlm.Storage.Catalogue;
using OpenSlm.Storage.Maintenance;

namespace OpenSlm.Cli;

/// <summary>The <c>slm</c> command line.</summary>
internal static class Commands
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "OpenSLM: service level management. Keep a catalogue of services, agree targets (SLAs, OLAs, " +
            "underpinning contracts, expectations), and compare delivered service with them.");
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(Apply());
        root.Subcommands.Add(Export());
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(EvaluateCommand.Build());
        root.Subcommands.Add(ClocksCommand.Build());
        root.Subcommands.Add(HolidaysCommand.Build());
        root.Subcommands.Add(RulesCommand.Build());
        root.Subcommands.Add(ReportCommand.Build());
        root.Subcommands.Add(WhatIfCommand.Build());
        root.Subcommands.Add(RepairCommand.Build());
        root.Subcommands.Add(AccessCommands.Users());
        root.Subcommands.Add(AccessCommands.Tokens());
        return root;
    }

    internal static Option<string?> DataOption() => new("--data")
    {
        Description = "Data directory holding the embedded SQLite database (default: $OPENSLM_DATA, else ~/.local/share/openslm).",
    };

    internal static Option<string?> DatabaseOption() => new("--database")
    {
        Description = "PostgreSQL connection string (Host=…;Database=…;Username=…) or postgresql:// URL; default $OPENSLM_DATABASE. Without it, SQLite is used.",
    };

    private static Command Serve()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, separated by ';'.", DefaultValueFactory = _ => ServeOptions.DefaultUrls };
        var data = DataOption();
        var database = DatabaseOption();
        var demo = new Option<bool>("--demo") { Description = "Load the Fernleaf Retail demo catalogue when the store holds no services, with 13 months of measurements up to now and open service desk tickets." };
        var prometheus = new Option<string?>("--prometheus")
        {
            Description = "Pull indicators whose source is Prometheus from this base URL (default $OPENSLM_PROMETHEUS_URL); without it nothing is pulled.",
        };
        var step = new Option<string>("--prometheus-step") { Description = "Resolution of pulled measurements and the pull interval.", DefaultValueFactory = _ => "1m" };
        var backfill = new Option<string>("--prometheus-backfill") { Description = "How far back an indicator with no measurements yet is filled.", DefaultValueFactory = _ => "30d" };
        var smtp = new Option<string?>("--smtp") { Description = "Mail alerts, breaches and scheduled reports to the stakeholders whose roles call for them through this SMTP server, HOST or HOST:PORT (port 25 by default)." };
        var from = new Option<string>("--smtp-from") { Description = "The sender of those e-mails.", DefaultValueFactory = _ => "openslm@localhost" };
        var webhooks = new Option<string[]>("--webhook") { Description = "Post every notification as JSON to this URL (repeatable).", AllowMultipleArgumentsPerToken = false };
        var slack = new Option<string[]>("--slack-webhook") { Description = "Post every notification as a Slack-compatible {\"text\"} payload to this URL (repeatable)." };
        var alertmanager = new Option<string?>("--alertmanager") { Description = "Send alerts to this Prometheus Alertmanager (its base URL, for example http://127.0.0.1:9093/)." };
        var secret = new Option<string?>("--webhook-secret") { Description = "Sign webhook bodies with HMAC-SHA256 under this secret (X-OpenSLM-Signature: sha256=…); default $OPENSLM_WEBHOOK_SECRET." };
        var ticketUrl = new Option<string?>("--ticket-url")
        {
            Description = "Link each ticket to its record in the system it came from: a URL with {ticket} where the ticket's number goes, e.g. https://acme.service-now.com/incident.do?sysparm_query=number={ticket}.",
        };
        var allowedHosts = new Option<string[]>("--allowed-hosts")
        {
            Description = "Host names the server answers to (repeatable; '*' for any; '*.example.com' for subdomains). Default: localhost, 127.0.0.1, [::1] and the hosts of --urls. A request naming another host gets 400, which stops DNS rebinding.",
        };
        var logLevel = new Option<LogLevel?>("--log-level")
        {
            Description = "The least level logged: Trace, Debug, Information, Warning, Error, Critical or None. Default: OpenSLM's messages from Information, the framework's from Warning; Information also logs every request.",
        };
        var ssoAuthority = new Option<string?>("--sso-authority") { Description = "Single sign-on: the OpenID Connect provider's issuer URL (its /.well-known/openid-configuration is read). The client secret comes from $OPENSLM_SSO_CLIENT_SECRET." };
        var ssoClient = new Option<string?>("--sso-client-id") { Description = "Single sign-on: OpenSLM's client id at the provider." };
        var ssoRoles = new Option<string[]>("--sso-role") { Description = "Single sign-on: GROUP=ROLE, or GROUP=Customer:NAME / GROUP=Supplier:NAME (repeatable): what members of the provider's group hold." };
        var ssoGroups = new Option<string>("--sso-groups-claim") { Description = "Single sign-on: the claim that lists a person's groups.", DefaultValueFactory = _ => "groups" };
        var ssoName = new Option<string>("--sso-name-claim") { Description = "Single sign-on: the claim that gives the user name.", DefaultValueFactory = _ => "preferred_username" };
        var ssoScopes = new Option<string[]>("--sso-scope") { Description = "Single sign-on: a scope to ask for besides openid, profile and email (repeatable), e.g. the one that releases groups." };
        var ssoHttp = new Option<bool>("--sso-allow-http") { Description = "Single sign-on: allow a provider reached over plain HTTP (only for one on this machine, as in tests)." };
        var command = new Command("serve", "Run the server: the web UI at /, the REST API under /api/v1, OpenAPI at /openapi/v1.json, the API explorer at /api; alerts evaluated and report schedules run every minute, notified as configured below.")
        {
            urls, data, database, demo, prometheus, step, backfill, smtp, from, webhooks, slack, secret, alertmanager, ticketUrl, allowedHosts, logLevel,
            ssoAuthority, ssoClient, ssoRoles, ssoGroups, ssoName, ssoScopes, ssoHttp,
        };
        command.SetAction(async (parse, ct) =>
        {
            PrometheusPullOptions? pull = null;
            if ((parse.GetValue(prometheus) ?? Environment.GetEnvironmentVariable("OPENSLM_PROMETHEUS_URL")) is { Length: > 0 } url)
            {
                var (pullOptions, error) = PullOptions(url, parse.GetValue(step)!, parse.GetValue(backfill)!);
                if (error is not null)
                {
                    Console.Error.WriteLine($"error: {error}");
                    return 2;
                }
                pull = pullOptions;
            }
            var (notifications, notificationError) = Notifications(parse.GetValue(smtp), parse.GetValue(from)!, parse.GetValue(webhooks) ?? [], parse.GetValue(slack) ?? [],
                parse.GetValue(secret) ?? Environment.GetEnvironmentVariable("OPENSLM_WEBHOOK_SECRET"), parse.GetValue(alertmanager));
            if (notificationError is not null)
            {
                Console.Error.WriteLine($"error: {notificationError}");
                return 2;
            }
            var (links, linkError) = Web.TicketLinks.Parse(parse.GetValue(ticketUrl));
            if (linkError is not null)
            {
                Console.Error.WriteLine($"error: {linkError}");
                return 2;
            }
            Access.SsoOptions? sso = null;
            if (parse.GetValue(ssoAuthority) is { Length: > 0 } authority)
            {
                var (mapping, mappingErrors) = Core.Access.RoleMapping.Parse(parse.GetValue(ssoRoles) ?? []);
                var problems = mappingErrors.Select(e => $"--sso-role {e}").ToList();
                if (!Uri.TryCreate(authority, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("https" or "http"))
                {
                    problems.Add($"--sso-authority: '{authority}' is not an http(s) URL.");
                }
                else if (issuer.Scheme == "http" && !parse.GetValue(ssoHttp))
                {
                    problems.Add("--sso-authority: the provider must be reached over https (--sso-allow-http only for one on this machine).");
                }
                if (parse.GetValue(ssoClient) is not { Length: > 0 })
                {
                    problems.Add("--sso-client-id is required with --sso-authority.");
                }
                if (mapping.Entries.Count == 0 && mappingErrors.Count == 0)
                {
                    problems.Add("--sso-role: map at least one group to a role (GROUP=ROLE), or nobody who signs in by single sign-on gets any.");
                }
                if (problems.Count > 0)
                {
                    problems.ForEach(p => Console.Error.WriteLine($"error: {p}"));
                    return 2;
                }
                sso = new Access.SsoOptions(issuer!, parse.GetValue(ssoClient)!, Environment.GetEnvironmentVariable("OPENSLM_SSO_CLIENT_SECRET"), mapping,
                    parse.GetValue(ssoGroups)!, parse.GetValue(ssoName)!, parse.GetValue(ssoScopes), RequireHttps: issuer!.Scheme == "https");
            }
            var options = new ServeOptions(parse.GetValue(urls)!, parse.GetValue(data), parse.GetValue(database), parse.GetValue(demo), pull, Notifications: notifications,
                AllowedHosts: parse.GetValue(allowedHosts) is { Length: > 0 } hosts ? hosts : null, LogLevel: parse.GetValue(logLevel), Sso: sso, TicketLinks: links);
            await using var app = SlmServer.Build(options);
            var target = app.Services.GetRequiredService<DatabaseTarget>();
            Console.WriteLine($"OpenSLM: data in {target.Description}");
            if (options.Demo)
            {
                Console.WriteLine("OpenSLM: --demo: the Fernleaf Retail demo is loaded into an empty store (13 months of measurements and tickets; a few seconds).");
            }
            await SlmServer.PrepareAsync(app, ct).ConfigureAwait(false);
            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"error: cannot listen on {options.Urls}: the port is in use (another slm serve?). Choose another with --urls, for example --urls http://127.0.0.1:5081.");
                return 1;
            }
            var first = options.Urls.Split(';')[0].TrimEnd('/');
            Console.WriteLine($"OpenSLM: listening on {options.Urls}: sign in at {first}/sign-in (API explorer at {first}/api)");
            // The check for rows from before the limits scans the measurements: it runs once the server answers, never
            // delaying the start. Such rows are left out of every read meanwhile.
            _ = Task.Run(() => ReportRowsOutsideLimitsAsync(target, ct), CancellationToken.None);
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task ReportRowsOutsideLimitsAsync(DatabaseTarget target, CancellationToken ct)
    {
        try
        {
            if (await new StoreCheck(target).FindAsync(10, ct).ConfigureAwait(false) is { Clean: false } bad)
            {
                RepairCommand.Print(bad);
                Console.WriteLine($"OpenSLM: these rows are left out of every evaluation and report. To remove them (they are written to a file first), stop the server and run: slm repair {(target.Provider == DatabaseProvider.Sqlite ? $"--data {Path.GetDirectoryName(target.SqliteFile)}" : "--database …")}");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"OpenSLM: could not check the store for rows outside the limits: {ex.Message}");
        }
    }

    private static (NotificationOptions? Options, string? Error) Notifications(string? smtp, string from, string[] webhooks, string[] slack, string? secret, string? alertmanager)
    {
        Uri? am = null;
        if (alertmanager is { Length: > 0 })
        {
            if (!Uri.TryCreate(alertmanager.EndsWith('/') ? alertmanager : alertmanager + "/", UriKind.Absolute, out am) || (am.Scheme != Uri.UriSchemeHttp && am.Scheme != Uri.UriSchemeHttps))
            {
                return (null, $"--alertmanager: '{alertmanager}' is not an http(s) URL, for example http://127.0.0.1:9093/.");
            }
        }
        string? host = null;
        var port = 25;
        if (smtp is { Length: > 0 })
        {
            var parts = smtp.Split(':');
            if (parts.Length > 2 || parts[0].Length == 0 || (parts.Length == 2 && !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port)))
            {
                return (null, $"--smtp: '{smtp}' is not HOST or HOST:PORT, for example mail.example.com:587.");
            }
            host = parts[0];
        }
        if (!MimeKit.MailboxAddress.TryParse(from, out _))
        {
            return (null, $"--smtp-from: '{from}' is not an e-mail address.");
        }
        var targets = new List<WebhookTarget>();
        foreach (var (url, isSlack) in webhooks.Select(w => (w, false)).Concat(slack.Select(w => (w, true))))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return (null, $"{(isSlack ? "--slack-webhook" : "--webhook")}: '{url}' is not an http(s) URL.");
            }
            targets.Add(new WebhookTarget(uri, secret, isSlack));
        }
        return (new NotificationOptions(host, port, from, targets, am), null);
    }

    private static (PrometheusPullOptions? Options, string? Error) PullOptions(string url, string step, string backfill)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"--prometheus: '{url}' is not an http(s) URL, for example http://127.0.0.1:9090.");
        }
        if (DurationText.TryParse(step) is not { } s || s < Duration.FromSeconds(1))
        {
            return (null, $"--prometheus-step: '{step}' is not a duration of at least 1s, for example 1m.");
        }
        if (DurationText.TryParse(backfill) is not { } b)
        {
            return (null, $"--prometheus-backfill: '{backfill}' is not a duration, for example 30d.");
        }
        return (new PrometheusPullOptions(uri, s, b), null);
    }

    private static Option<string?> ServerOption() => new("--server")
    {
        Description = "Apply to a running slm serve at this URL through its API (default $OPENSLM_SERVER), with the token in $OPENSLM_TOKEN (or --token), instead of opening the store.",
    };

    private static Option<string?> TokenOption() => new("--token")
    {
        Description = "The API token for --server (default $OPENSLM_TOKEN, which keeps it out of the process list).",
    };

    private static Command Apply()
    {
        var file = new Option<string>("--file", "-f") { Description = "A YAML file, or a directory of .yaml/.yml files (read recursively).", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change; store nothing." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List unchanged records too." };
        var data = DataOption();
        var database = DatabaseOption();
        var server = ServerOption();
        var token = TokenOption();
        var command = new Command("apply",
            "Create or update records by name from YAML (openslm/v1 kinds, or OpenSLO v1 Service/SLI/SLO) and print what changed. " +
            "All documents are checked together; if any is invalid, nothing is stored.")
        {
            file, dryRun, verbose, data, database, server, token,
        };
        command.SetAction(async (parse, ct) =>
        {
            var read = DocumentReader.ReadPath(parse.GetValue(file)!);
            foreach (var note in read.Notes)
            {
                Console.Error.WriteLine($"note: {note}");
            }
            if (!read.Ok)
            {
                foreach (var error in read.Errors)
                {
                    Console.Error.WriteLine($"error: {error}");
                }
                Console.Error.WriteLine($"{read.Errors.Count} error(s); nothing was applied.");
                return 1;
            }
            if (Remote(parse.GetValue(server), parse.GetValue(token)) is { } remote)
            {
                return await remote.ApplyAsync(DocumentWriter.Write(read.Documents), parse.GetValue(dryRun), parse.GetValue(verbose), ct).ConfigureAwait(false);
            }
            var store = await OpenStoreAsync(parse.GetValue(database), parse.GetValue(data), ct).ConfigureAwait(false);
            var result = await store.ApplyAsync(read.Documents, new Actor(OsUser(), "apply"), parse.GetValue(dryRun), ct).ConfigureAwait(false);
            if (!result.Ok)
            {
                foreach (var error in result.Errors)
                {
                    Console.Error.WriteLine($"error: {error}");
                }
                Console.Error.WriteLine($"{result.Errors.Count} error(s); nothing was applied.");
                return 1;
            }
            ChangePrinter.Print(Console.Out, result, parse.GetValue(dryRun), parse.GetValue(verbose));
            return 0;
        });
        return command;
    }

    /// <summary>The server --server (or $OPENSLM_SERVER) names, with its token; null to work on the store itself.</summary>
    private static RemoteServer? Remote(string? server, string? token)
    {
        server ??= Environment.GetEnvironmentVariable("OPENSLM_SERVER");
        return string.IsNullOrWhiteSpace(server) ? null : new RemoteServer(server, token ?? Environment.GetEnvironmentVariable("OPENSLM_TOKEN"));
    }

    private static Command Export()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var retired = new Option<bool>("--include-retired") { Description = "Export retired records too." };
        var data = DataOption();
        var database = DatabaseOption();
        var server = ServerOption();
        var token = TokenOption();
        var command = new Command("export", "Write the whole state as openslm/v1 YAML that `slm apply` turns back into the same state (each agreement as its latest version).")
        {
            output, retired, data, database, server, token,
        };
        command.SetAction(async (parse, ct) =>
        {
            string yaml;
            if (Remote(parse.GetValue(server), parse.GetValue(token)) is { } remote)
            {
                if (await remote.ExportAsync(parse.GetValue(retired), ct).ConfigureAwait(false) is not { } exported)
                {
                    return 1;
                }
                yaml = exported;
            }
            else
            {
                var store = await OpenStoreAsync(parse.GetValue(database), parse.GetValue(data), ct).ConfigureAwait(false);
                yaml = DocumentWriter.Write(await store.ExportAsync(parse.GetValue(retired), ct).ConfigureAwait(false));
            }
            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, yaml, ct).ConfigureAwait(false);
            }
            else
            {
                Console.Out.Write(yaml);
            }
            return 0;
        });
        return command;
    }

    private static Command DemoCommand()
    {
        var print = new Option<bool>("--print") { Description = "Print the demo YAML instead of loading it." };
        var data = DataOption();
        var database = DatabaseOption();
        var command = new Command("demo", "Load the Fernleaf Retail demo catalogue (a fictional UK retailer) into the store; applying it again changes nothing.")
        {
            print, data, database,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(print))
            {
                Console.Out.Write(DemoData.Yaml());
                return 0;
            }
            var store = await OpenStoreAsync(parse.GetValue(database), parse.GetValue(data), ct).ConfigureAwait(false);
            var result = await DemoData.ApplyAsync(store, OsUser(), SystemClock.Instance.GetCurrentInstant().InUtc().Date, ct).ConfigureAwait(false);
            if (!result.Ok)
            {
                foreach (var error in result.Errors)
                {
                    Console.Error.WriteLine($"error: {error}");
                }
                return 1;
            }
            ChangePrinter.Print(Console.Out, result, dryRun: false, verbose: false);
            return 0;
        });
        return command;
    }

    private static async Task<CatalogueStore> OpenStoreAsync(string? database, string? data, CancellationToken ct) =>
        new(await OpenTargetAsync(database, data, ct).ConfigureAwait(false), SystemClock.Instance);

    /// <summary>The database the options name, migrated, said on standard error.</summary>
    internal static async Task<DatabaseTarget> OpenTargetAsync(string? database, string? data, CancellationToken ct)
    {
        var target = DatabaseTarget.Resolve(database, data);
        Console.Error.WriteLine($"OpenSLM: data in {target.Description}");
        await target.MigrateAsync(ct).ConfigureAwait(false);
        return target;
    }

    private static string OsUser() => Environment.UserName is { Length: > 0 } user ? user : "unknown";
}
