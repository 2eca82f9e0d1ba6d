// Storyline's page works without this script; it only adds a filter by
// status above the figures table.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const table = document.getElementById("figures-table");
  if (!table) return;
  const rows = Array.from(table.querySelectorAll("tbody tr[data-status]"));
  const statuses = Array.from(new Set(rows.map((r) => r.dataset.status)));
  if (statuses.length < 2) return;
  const box = document.createElement("div");
  box.className = "status-filter";
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", "Show figures by status");
  for (const status of statuses) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.checked = true;
    input.value = status;
    input.addEventListener("change", () => {
      const shown = new Set(
        Array.from(box.querySelectorAll("input:checked")).map((i) => i.value)
      );
      for (const row of rows) row.hidden = !shown.has(row.dataset.status);
    });
    const n = rows.filter((r) => r.dataset.status === status).length;
    label.append(input, ` ${status} (${n})`);
    box.append(label);
  }
  table.before(box);
});
