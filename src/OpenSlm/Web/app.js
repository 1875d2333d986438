// OpenSLM web UI: the one script beside Blazor's, progressive enhancement only (every page works without it).
// On a narrow screen the stylesheet shows each row of a data table as a card; this names each cell by its column's
// heading (data-label), so a card reads "Kind SLA" rather than "SLA"; a box that scrolls sideways is made keyboard-
// reachable. It runs on load and whenever the page changes.
(() => {
  // A named cell's content goes in one box beside its name, so a name that wraps to two lines pushes the next row
  // down rather than running over it.
  const wrap = (cell) => {
    if (cell.classList.contains('labelled')) return;
    const inner = document.createElement('div');
    inner.className = 'cell-value';
    while (cell.firstChild) inner.appendChild(cell.firstChild);
    cell.appendChild(inner);
    cell.classList.add('labelled');
  };
  const label = (table) => {
    // A table whose first column is not the key (a row of figures) names every cell.
    const first = table.classList.contains('figures') ? 0 : 1;
    // The scorecard's heat map lays its cells out as a grid of its own.
    const grid = table.classList.contains('heat');
    const head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return;
    const names = [];
    for (const th of head.cells) {
      for (let i = 0; i < th.colSpan; i++) names.push(th.textContent.trim());
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          // The first cell is the card's title and needs no name (unless the table is only figures).
          if (column >= first && !cell.hasAttribute('data-label') && names[column]) cell.setAttribute('data-label', names[column]);
          if (column >= first && cell.getAttribute('data-label') && !grid) wrap(cell);
          column += cell.colSpan;
        }
      }
    }
  };
  // A box that scrolls sideways (a wide table on a narrow desk) can be reached and scrolled by keyboard.
  const reachable = (box) => {
    if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute('tabindex')) {
      box.setAttribute('tabindex', '0');
      if (!box.hasAttribute('role')) box.setAttribute('role', 'region');
      if (!box.hasAttribute('aria-label')) box.setAttribute('aria-label', 'Table, scrolls sideways');
    }
  };
  const all = () => {
    document.querySelectorAll('table.data, .report table').forEach(label);
    document.querySelectorAll('.scroll').forEach(reachable);
  };
  // Times are shown in the browser's time zone until the person chooses one on the settings page (the cookie then
  // holds their choice, without the "browser:" mark, and is left alone).
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const set = document.cookie.split('; ').find(c => c.startsWith('slm-tz='));
    const value = set ? decodeURIComponent(set.slice(7)) : null;
    if (zone && (value === null || (value.startsWith('browser:') && value !== 'browser:' + zone))) {
      document.cookie = 'slm-tz=' + encodeURIComponent('browser:' + zone) + '; path=/; max-age=31536000; samesite=lax';
    }
  } catch (e) { /* no Intl: UTC */ }
  let queued = false;
  const soon = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; all(); }); } };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', all); else all();
  new MutationObserver(soon).observe(document.documentElement, { childList: true, subtree: true });
})();
