using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OpenSlm.Ui.Tests.Support;

namespace OpenSlm.Ui.Tests;

/// <summary>
/// Issue 19: every page of <c>slm serve --demo</c>, at a desk and on a phone: it answers, nothing on it scrolls sideways
/// (neither the page nor a box inside it), its key action or column is on screen without scrolling sideways, and axe finds
/// no serious or critical accessibility violation.
/// </summary>
public sealed class PageWalkTests(Browser browser, PageWalkTests.Server demo) : IClassFixture<PageWalkTests.Server>
{
    /// <summary>The demo server, and each user's signed-in cookies (signed in once: sign-in is rate-limited, as it should be).</summary>
    public sealed class Server : IAsyncDisposable
    {
        private readonly DemoServer _server = new();
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly Dictionary<string, string> _signedIn = new(StringComparer.Ordinal);

        public Task<SlmServe> StartedAsync() => _server.StartedAsync();

        public async Task<string?> SignedInAsync(Browser browser, string user)
        {
            if (user.Length == 0)
            {
                return null;
            }
            var slm = await StartedAsync();
            await _gate.WaitAsync();
            try
            {
                if (!_signedIn.TryGetValue(user, out var state))
                {
                    var page = await browser.NewPageAsync();
                    await slm.SignInAsync(page, user);
                    _signedIn[user] = state = await page.Context.StorageStateAsync();
                    await page.Context.CloseAsync();
                }
                return state;
            }
            finally
            {
                _gate.Release();
            }
        }

        public ValueTask DisposeAsync()
        {
            _gate.Dispose();
            return _server.DisposeAsync();
        }
    }

    /// <summary>Each page: its address, who looks at it, and what must be in view (a CSS selector) for its main use.</summary>
    public static TheoryData<string, string, string> Pages() => new()
    {
        { "/", "manager", "section[aria-labelledby=h-objectives] .badge" },
        { "/services", "manager", "main h1" },
        { "/services/web-shop", "manager", "main h1" },
        { "/services/web-shop/edit", "manager", "button[type=submit]" },
        { "/agreements", "manager", "main h1" },
        { "/agreements/online-retail-web-shop-sla", "manager", "main h1" },
        { "/agreements/online-retail-web-shop-sla/edit", "manager", "button[type=submit]" },
        { "/agreements/online-retail-web-shop-sla/objectives/new", "manager", "button[type=submit]" },
        { "/agreements/online-retail-web-shop-sla/objectives/availability/edit", "manager", "button[type=submit]" },
        { "/agreements/online-retail-web-shop-sla/versions/1", "manager", "main h1" },
        { "/alerts", "manager", "#alerts button[aria-label^='Acknowledge']" },
        { "/breaches", "manager", "main h1" },
        { "/improvement", "manager", "#plans" },
        { "/improvementplans/checkout-capacity", "manager", "#sides" },
        { "/problems/checkout-pool-exhaustion", "manager", "#problem-breaches" },
        { "/calendars", "manager", "main h1" },
        { "/calendars/uk-business-hours/edit", "manager", "button[type=submit]" },
        { "/requirements", "manager", "main h1" },
        { $"/requirements/online-retail-{DemoDates.NextYear}", "manager", "#offers" },
        { "/tickets", "manager", "#clocks tbody tr:first-child td:nth-child(2)" },
        { "/tickets/INC0010043", "manager", "#timeline tbody tr:first-child" },
        { "/ticketpolicies/incident-resolution", "manager", "#preview-summary" },
        { "/scorecard", "manager", "#heat tbody tr:first-child td.cell" },
        { "/tokens", "manager", "main h1" },
        { "/settings", "manager", "#zone" },
        { "/new?kind=Agreement", "manager", "#create" },
        { "/new/service", "manager", "#save" },
        { "/new/stakeholder", "manager", "#create" },
        { "/new/customer", "manager", "#create" },
        { "/new/calendar", "manager", "#save" },
        { "/new/agreement", "manager", "#create" },
        { "/new/indicator", "manager", "#save" },
        { "/new/ticketpolicy", "manager", "#save" },
        { "/ticketpolicies/incident-resolution/edit", "manager", "#save" },
        { "/indicators/web-shop-availability/edit", "manager", "#save" },
        { "/agreements/payments-ola?range=90d", "manager", "#sli-authorisations figcaption" },
        { "/retire/Service/checkout", "manager", "#confirm-retire" },
        { "/users", "admin", "main h1" },
        { "/portal", "customer", "main h1" },
        { "/sign-in", "", "button[type=submit]" },
        { "/no-such-page", "manager", "main h1" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_fits_a_phone_and_a_desk_with_its_key_part_in_view_and_no_serious_accessibility_violation(string path, string user, string key)
    {
        var slm = await demo.StartedAsync();
        var problems = new List<string>();
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            var page = await browser.NewPageAsync(width, height, await demo.SignedInAsync(browser, user));
            var answer = await page.GotoAsync(slm.At(path));
            var expected = path == "/no-such-page" ? 404 : 200;
            if (answer!.Status != expected)
            {
                problems.Add($"{width} px: answered {answer.Status}, not {expected}");
                continue;
            }
            // The page and every box on it fit the window: the widest thing is named.
            var wide = await page.EvaluateAsync<string[]>("""
                () => {
                  const out = [];
                  const doc = document.documentElement;
                  const name = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${typeof e.className === 'string' && e.className ? '.' + e.className.split(' ').join('.') : ''}`;
                  if (doc.scrollWidth > window.innerWidth + 1) {
                    const over = (e) => e.getBoundingClientRect().right > window.innerWidth + 1;
                    let culprits = [...document.querySelectorAll('body *')].filter(e => over(e) && ![...e.children].some(over));
                    if (culprits.length === 0) culprits = [...document.querySelectorAll('body *')].filter(e => e.scrollWidth > window.innerWidth + 1 && ![...e.children].some(c => c.scrollWidth > window.innerWidth + 1));
                    out.push(`the page is ${doc.scrollWidth} px wide: ${culprits.slice(0, 3).map(e => name(e) + ' ' + Math.round(Math.max(e.getBoundingClientRect().right, e.scrollWidth)) + ' px').join(', ')}`);
                  }
                  for (const e of document.querySelectorAll('body *')) {
                    const style = getComputedStyle(e);
                    if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && e.scrollWidth > e.clientWidth + 1)
                      out.push(`${name(e)} scrolls sideways (${e.scrollWidth} px in ${e.clientWidth})`);
                  }
                  return out.slice(0, 5);
                }
                """);
            problems.AddRange(wide.Select(w => $"{width} px: {w}"));
            await Assertions.Expect(page.Locator(key).First).ToBeVisibleAsync();
            // Read where it is in one step (a live part of the page may be drawn again between two).
            var left = await page.EvaluateAsync<double[]>("k => { const r = document.querySelector(k)?.getBoundingClientRect(); return r ? [r.left, r.width] : []; }", key);
            if (left.Length == 0 || left[0] < 0 || left[0] + Math.Min(left[1], 40) > width)
            {
                problems.Add($"{width} px: {key} is not in view ({(left.Length == 0 ? "missing" : $"at x {left[0]:0}")})");
            }
            var axe = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
            problems.AddRange(axe.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{width} px: axe {v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))})"));
            await Browser.ShotAsync(page, "walk" + (path == "/" ? "-home" : path.Replace('/', '-')) + (width < 600 ? "-phone" : ""));
            await page.Context.CloseAsync();
        }
        Assert.True(problems.Count == 0, $"{path}:\n" + string.Join("\n", problems));
    }
}
