// OpenSLM web UI: the one script beside Blazor's, progressive enhancement only (every page works without it).
// On a narrow screen the stylesheet shows each row of a data table as a card; this names each cell by its column's
// heading (data-label), so a card reads "Kind SLA" rather than "SLA"; a box that scrolls sideways is made keyboard-
// reachable. It runs on load and whenever the page changes.
(() => {
  const label = (table) => {
    // A table whose first column is not the key (a row of figures) names every cell.
    const first = table.classList.contains('figures') ? 0 : 1;
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
  let queued = false;
  const soon = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; all(); }); } };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', all); else all();
  new MutationObserver(soon).observe(document.documentElement, { childList: true, subtree: true });
})();
