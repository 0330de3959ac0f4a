// icpkit web UI: a thin face over the HTTP API (every number comes from the server's core).
import { parseDocument } from "/vendor/yaml/index.js";

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
};
const fmt = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString("en-US"));
const debounce = (f, ms) => {
  let t;
  return (...a) => {
    clearTimeout(t);
    t = setTimeout(() => f(...a), ms);
  };
};

// ── API ────────────────────────────────────────────────────────────────────────────────────
let token = localStorage.getItem("icp-token") ?? "";
async function api(method, path, body, raw = false) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let payload;
  if (body instanceof Blob) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const r = await fetch(path, { method, headers, body: payload });
  if (raw) return r;
  const j = await r.json().catch(() => ({}));
  if (!r.ok) {
    const e = new Error(j.error?.message ?? `${r.status}`);
    e.status = r.status;
    e.body = j;
    throw e;
  }
  return j;
}
const status = (text) => {
  $("status").textContent = text;
};

// ── tabs ───────────────────────────────────────────────────────────────────────────────────
function showTab() {
  const tab = (location.hash || "#profile").slice(1);
  for (const s of document.querySelectorAll(".tab")) s.hidden = s.id !== `tab-${tab}`;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.tab === tab);
  if (tab === "accounts") refreshRuns();
  if (tab === "datasets") refreshDatasets();
  if (tab === "validate") refreshSaved();
}
window.addEventListener("hashchange", showTab);

// ── datasets ───────────────────────────────────────────────────────────────────────────────
let datasets = [];
async function refreshDatasets() {
  datasets = (await api("GET", "/api/datasets")).datasets;
  const tbody = $("datasets").tBodies[0];
  tbody.replaceChildren(
    ...datasets.map((d) =>
      el(
        "tr",
        {},
        el("td", {}, d.name),
        el("td", {}, d.entity),
        el("td", {}, fmt(d.rows)),
        el("td", {}, fmt(d.rejected)),
        el("td", {}, d.columns.length),
        el("td", {}, d.importedAt.slice(0, 16).replace("T", " ")),
      ),
    ),
  );
  for (const sel of [$("funnel-dataset"), ...document.querySelectorAll("select.ds")]) {
    const keep = sel.value;
    const first =
      sel.id === "funnel-dataset"
        ? [el("option", { value: "" }, "— pick a dataset —")]
        : sel.classList.contains("opt")
          ? [el("option", { value: "" }, "—")]
          : [];
    sel.replaceChildren(
      ...first,
      ...datasets.map((d) => el("option", { value: d.name }, `${d.name} (${fmt(d.rows)})`)),
    );
    if (datasets.some((d) => d.name === keep)) sel.value = keep;
  }
}

/** Columns with values their parser could not read, from the import's inspect report. */
const problems = (inspect) => {
  const bad = (inspect?.columns ?? []).filter((c) => c.parseFailures);
  return bad.length
    ? ` · unreadable values: ${bad.map((c) => `${c.column} (${fmt(c.parseFailures)})`).join(", ")}`
    : "";
};
$("import").addEventListener("click", async () => {
  const file = $("import-file").files[0];
  if (!file) return status("choose a file first");
  const name = $("import-name").value.trim() || file.name.replace(/\.[^.]+$/, "");
  const ext = file.name.split(".").pop().toLowerCase();
  const format = ["parquet", "json", "ndjson"].includes(ext) ? ext : "csv";
  status(`importing ${file.name}…`);
  try {
    const r = await api(
      "POST",
      `/api/datasets/${encodeURIComponent(name)}?entity=${$("import-entity").value}&format=${format}&source=${encodeURIComponent(file.name)}`,
      file,
    );
    $("import-report").textContent =
      `${r.name} (${r.entity}): ${fmt(r.rows_in)} rows in = ${fmt(r.rows)} imported + ${fmt(r.rejected)} rejected${r.rejects.length ? ` (first: line ${r.rejects[0].line}, ${r.rejects[0].reason})` : ""}${problems(r.inspect)}`;
    status("imported");
    await refreshDatasets();
  } catch (e) {
    $("import-report").textContent = `not imported: ${e.message}`;
    status("import failed");
  }
});

// ── profile editor: form and YAML side by side ─────────────────────────────────────────────
let doc = parseDocument("");
let loadedYaml = "";
const yamlBox = $("yaml");

function setYaml(text, fromForm = false) {
  if (yamlBox.value !== text) yamlBox.value = text;
  doc = parseDocument(text);
  renderGutter([]);
  if (!fromForm) renderForm();
  checkSoon();
  funnelSoon();
}

function renderGutter(diags) {
  const lines = yamlBox.value.split("\n").length;
  const marks = new Map();
  for (const d of diags)
    if (d.line)
      marks.set(d.line, d.severity === "error" ? "err" : marks.get(d.line) === "err" ? "err" : "warn");
  $("gutter").replaceChildren(
    ...Array.from({ length: lines }, (_, i) => el("div", { class: marks.get(i + 1) ?? "" }, i + 1)),
  );
  $("gutter").scrollTop = yamlBox.scrollTop;
}
yamlBox.addEventListener("scroll", () => {
  $("gutter").scrollTop = yamlBox.scrollTop;
});
yamlBox.addEventListener("input", () => setYaml(yamlBox.value));

function fromForm(path, value) {
  if (value === undefined) doc.deleteIn(path);
  else doc.setIn(path, value);
  setYaml(doc.toString(), true);
}

function kindOf(c) {
  if (c.require === true) return "require";
  if (c.exclude === true) return "exclude";
  return "signal";
}
const testText = (c) => {
  for (const k of ["in", "not_in", "any", "all", "none", "contains", "matches"])
    if (c[k] !== undefined) return `${k} ${Array.isArray(c[k]) ? c[k].join(", ") : c[k]}`;
  if (c.range) return `range ${c.range.min ?? ""}…${c.range.max ?? c.range.below ?? ""}`;
  if (c.within) return `within ${JSON.stringify(c.within)}`;
  if (c.is !== undefined) return `is ${c.is}`;
  return "";
};

function renderForm() {
  const form = $("form");
  if (doc.errors.length) {
    form.replaceChildren(el("p", { class: "fail" }, "Fix the YAML to edit it here."));
    return;
  }
  const spec = doc.toJS() ?? {};
  const criteria = Array.isArray(spec.criteria) ? spec.criteria : [];
  const tiers = Array.isArray(spec.tiers) ? spec.tiers : [];
  const rows = criteria.map((c, i) =>
    el(
      "tr",
      {},
      el(
        "td",
        {},
        el("input", {
          value: c.label ?? "",
          "aria-label": `criterion ${i + 1} label`,
          onchange: (e) => fromForm(["criteria", i, "label"], e.target.value),
        }),
      ),
      el("td", {}, c.field ?? "", el("div", { class: "why" }, testText(c))),
      el(
        "td",
        {},
        el(
          "select",
          {
            "aria-label": `criterion ${i + 1} kind`,
            onchange: (e) => {
              const k = e.target.value;
              doc.deleteIn(["criteria", i, "require"]);
              doc.deleteIn(["criteria", i, "exclude"]);
              if (k === "signal") doc.setIn(["criteria", i, "weight"], c.weight ?? 10);
              else {
                doc.deleteIn(["criteria", i, "weight"]);
                doc.setIn(["criteria", i, k], true);
              }
              setYaml(doc.toString());
            },
          },
          ...["signal", "require", "exclude"].map((k) =>
            el("option", { value: k, selected: kindOf(c) === k }, k),
          ),
        ),
      ),
      el(
        "td",
        { class: "num" },
        kindOf(c) === "signal"
          ? el("input", {
              type: "number",
              value: c.weight ?? "",
              "aria-label": `criterion ${i + 1} weight`,
              onchange: (e) => fromForm(["criteria", i, "weight"], Number(e.target.value)),
            })
          : "",
      ),
      el(
        "td",
        {},
        el(
          "button",
          {
            title: "remove",
            onclick: () => {
              doc.deleteIn(["criteria", i]);
              setYaml(doc.toString());
            },
          },
          "×",
        ),
      ),
    ),
  );
  const tierRows = tiers.map((t, i) =>
    el(
      "tr",
      {},
      el(
        "td",
        {},
        el("input", {
          value: t.name ?? "",
          "aria-label": `tier ${i + 1} name`,
          onchange: (e) => fromForm(["tiers", i, "name"], e.target.value),
        }),
      ),
      el(
        "td",
        { class: "num" },
        t.top !== undefined || t.top_percent !== undefined
          ? `top ${t.top ?? `${t.top_percent}%`}`
          : el("input", {
              type: "number",
              value: t.min_score ?? "",
              "aria-label": `tier ${i + 1} min score`,
              onchange: (e) =>
                fromForm(
                  ["tiers", i, "min_score"],
                  e.target.value === "" ? undefined : Number(e.target.value),
                ),
            }),
      ),
      el("td", {}, t.route ?? ""),
    ),
  );
  form.replaceChildren(
    el(
      "p",
      {},
      el("strong", {}, spec.name ?? "(no name)"),
      " ",
      el("span", { class: "why" }, `version ${spec.version ?? "—"}`),
    ),
    el(
      "table",
      {},
      el(
        "thead",
        {},
        el("tr", {}, ...["label", "field / test", "kind", "weight", ""].map((h) => el("th", {}, h))),
      ),
      el("tbody", {}, ...rows),
    ),
    el("h2", {}, "Tiers"),
    el(
      "table",
      {},
      el("thead", {}, el("tr", {}, ...["tier", "min score / capacity", "route"].map((h) => el("th", {}, h)))),
      el("tbody", {}, ...tierRows),
    ),
  );
}

const checkSoon = debounce(async () => {
  const text = yamlBox.value;
  if (!text.trim()) return;
  try {
    const r = await api("POST", "/api/check", {
      yaml: text,
      ...($("funnel-dataset").value ? { dataset: $("funnel-dataset").value } : {}),
    });
    if (text !== yamlBox.value) return;
    renderGutter(r.diagnostics);
    const list = $("diagnostics");
    list.replaceChildren(
      ...(r.diagnostics.length
        ? r.diagnostics.map((d) =>
            el(
              "li",
              { class: d.severity, onclick: () => selectLine(d.line) },
              `${d.line ? `${d.line}:${d.col ?? 1} ` : ""}${d.severity} ${d.message}${d.hint ? ` — ${d.hint}` : ""}`,
            ),
          )
        : [el("li", { class: "ok" }, `✓ checks (${r.profile.name}, ${r.profile.hash})`)]),
    );
  } catch (e) {
    status(e.message);
  }
}, 250);

function selectLine(line) {
  if (!line) return;
  const lines = yamlBox.value.split("\n");
  const start = lines.slice(0, line - 1).join("\n").length + (line > 1 ? 1 : 0);
  yamlBox.focus();
  yamlBox.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
}

// ── live funnel ────────────────────────────────────────────────────────────────────────────
let funnelSeq = 0;
const funnelSoon = debounce(async () => {
  const dataset = $("funnel-dataset").value;
  if (!dataset || !yamlBox.value.trim()) return;
  const seq = ++funnelSeq;
  try {
    const r = await api("POST", "/api/funnel", { yaml: yamlBox.value, dataset });
    if (seq !== funnelSeq) return;
    renderFunnel(r);
  } catch (e) {
    if (seq === funnelSeq)
      $("funnel").replaceChildren(
        el("p", { class: "fail" }, e.status === 422 ? "the profile does not check" : e.message),
      );
  }
}, 120);
$("funnel-dataset").addEventListener("change", () => {
  funnelSoon();
  checkSoon();
});

function renderFunnel(r) {
  const f = r.funnel;
  const w = (n) => `${Math.max(0.2, (100 * n) / Math.max(1, f.rowsIn))}%`;
  const row = (label, n, cls = "", note = "") =>
    el(
      "div",
      { class: "funnel-row", "data-step": label },
      el("span", {}, label),
      el("div", {}, el("div", { class: `bar ${cls}`, style: `width:${w(n)}` })),
      el("span", { class: "count" }, `${fmt(n)}${note}`),
    );
  const top = f.tiers[0];
  $("funnel").replaceChildren(
    row("rows in", f.rowsIn),
    ...f.steps.map((s) => row(`− ${s.label}`, s.removed, "removed")),
    row("− insufficient data", f.insufficientData, "unknown"),
    row("= scored", f.scored),
    ...f.tiers.map((t) => row(`tier ${t.name}`, t.count)),
    el(
      "p",
      { id: "funnel-summary" },
      `${fmt(f.rowsIn)} → ${fmt(f.scored)} scored${top ? ` → ${fmt(top.count)} in tier ${top.name}` : ""}`,
      el("span", { class: "why" }, ` (${r.ms} ms)`),
    ),
  );
  $("hints").replaceChildren(...r.hints.map((h) => el("li", {}, h)));
}

// ── profiles and versions ──────────────────────────────────────────────────────────────────
let profiles = [];
async function refreshProfiles(select) {
  profiles = (await api("GET", "/api/profiles")).profiles;
  const keep = select ?? $("profile-select").value;
  $("profile-select").replaceChildren(
    el("option", { value: "" }, "— new —"),
    ...profiles.map((p) => el("option", { value: p.name }, `${p.name} (v${p.version})`)),
  );
  $("v-profile").replaceChildren(...profiles.map((p) => el("option", { value: p.name }, p.name)));
  if (profiles.some((p) => p.name === keep)) $("profile-select").value = keep;
}

async function openProfile(name) {
  if (!name) {
    loadedYaml =
      "name: New ICP\nversion: 0.1.0\ncriteria:\n  - { label: At least 20 employees, field: employees, range: { min: 20 }, require: true }\n  - { label: Software, field: industry, in: [computer software], weight: 20 }\ntiers:\n  - { name: A, min_score: 70 }\n  - { name: B }\n";
    setYaml(loadedYaml);
    $("history").tBodies[0].replaceChildren();
    return;
  }
  const p = await api("GET", `/api/profiles/${encodeURIComponent(name)}`);
  loadedYaml = p.yaml;
  setYaml(p.yaml);
  await refreshHistory(name);
}
$("profile-select").addEventListener("change", (e) => openProfile(e.target.value));

async function refreshHistory(name) {
  const { versions } = await api("GET", `/api/profiles/${encodeURIComponent(name)}/versions`);
  $("history").tBodies[0].replaceChildren(
    ...versions.map((v, i) =>
      el(
        "tr",
        {},
        el("td", {}, `v${v.version}`),
        el("td", {}, v.hash),
        el("td", {}, v.createdAt.slice(0, 16).replace("T", " ")),
        el("td", {}, v.author),
        el("td", {}, v.message),
        el(
          "td",
          {},
          i < versions.length - 1
            ? el(
                "button",
                {
                  onclick: async () => {
                    $("diff").textContent = (
                      await api(
                        "GET",
                        `/api/profiles/${encodeURIComponent(name)}/diff?from=${versions[i + 1].version}&to=${v.version}`,
                      )
                    ).diff;
                  },
                },
                "diff",
              )
            : "",
          " ",
          i > 0
            ? el(
                "button",
                {
                  onclick: async () => {
                    await api("POST", `/api/profiles/${encodeURIComponent(name)}/rollback`, {
                      version: v.version,
                      author: $("author").value || "ui",
                    });
                    status(`rolled back to v${v.version}`);
                    await refreshProfiles(name);
                    await openProfile(name);
                  },
                },
                "roll back here",
              )
            : "",
        ),
      ),
    ),
  );
}

$("save-profile").addEventListener("click", async () => {
  try {
    const v = await api("POST", "/api/profiles", {
      yaml: yamlBox.value,
      author: $("author").value || "ui",
      message: $("message").value,
    });
    status(`saved ${v.name} v${v.version}`);
    $("message").value = "";
    await refreshProfiles(v.name);
    await refreshHistory(v.name);
  } catch (e) {
    status(
      e.status === 422
        ? "not saved: the profile does not check (see the diagnostics)"
        : `not saved: ${e.message}`,
    );
  }
});

// ── accounts ───────────────────────────────────────────────────────────────────────────────
let runs = [];
let page = 0;
const PAGE = 25;
async function refreshRuns(select) {
  runs = (await api("GET", "/api/runs")).runs;
  const keep = select ?? $("run-select").value;
  $("run-select").replaceChildren(
    ...runs.map((r) =>
      el("option", { value: r.id }, `#${r.id} ${r.profile} v${r.version} on ${r.dataset} (${r.asOf})`),
    ),
  );
  if (runs.some((r) => String(r.id) === String(keep))) $("run-select").value = keep;
  await showRun();
}
async function showRun() {
  const id = $("run-select").value;
  if (!id) return;
  const run = runs.find((r) => String(r.id) === id);
  const keep = $("filter-tier").value;
  $("filter-tier").replaceChildren(
    el("option", { value: "" }, "all"),
    ...run.funnel.tiers.map((t) => el("option", { value: t.name }, `${t.name} (${fmt(t.count)})`)),
  );
  if (run.funnel.tiers.some((t) => t.name === keep)) $("filter-tier").value = keep;
  $("dist-chart").src = `/api/runs/${id}/chart.svg`;
  $("dist-chart").hidden = false;
  await showRows();
}
function filters() {
  const p = new URLSearchParams();
  if ($("filter-tier").value) p.set("tier", $("filter-tier").value);
  if ($("filter-state").value) p.set("state", $("filter-state").value);
  if ($("filter-q").value) p.set("q", $("filter-q").value);
  return p;
}
async function showRows() {
  const id = $("run-select").value;
  if (!id) return;
  const p = filters();
  $("export").href = `/api/runs/${id}/export.csv?${p}`;
  p.set("offset", String(page * PAGE));
  p.set("limit", String(PAGE));
  const r = await api("GET", `/api/runs/${id}/rows?${p}`);
  $("rows-count").textContent =
    `${fmt(r.total)} accounts${r.total > PAGE ? `, ${page * PAGE + 1}–${Math.min(r.total, (page + 1) * PAGE)}` : ""}`;
  const nameOf = (rec) => rec.name ?? rec.company ?? rec.account ?? rec.domain ?? Object.values(rec)[0];
  $("rows").tBodies[0].replaceChildren(
    ...r.rows.map((x) =>
      el(
        "tr",
        {
          "data-row": x.row,
          onclick: (e) => {
            for (const t of document.querySelectorAll("#rows tr.selected")) t.classList.remove("selected");
            e.currentTarget.classList.add("selected");
            showAccount(id, x.row);
          },
        },
        el("td", {}, x.row),
        el("td", {}, nameOf(x.record) ?? ""),
        el("td", {}, x.score === null ? "—" : x.score.toFixed(1)),
        el("td", {}, x.tier ?? ""),
        el("td", {}, x.state.replace("_", " ")),
        el("td", { class: "why" }, x.reasons),
      ),
    ),
  );
  $("prev").disabled = page === 0;
  $("next").disabled = (page + 1) * PAGE >= r.total;
}
async function showAccount(run, row) {
  const contacts = datasets.find((d) => d.entity === "contacts");
  const a = await api(
    "GET",
    `/api/runs/${run}/rows/${row}${contacts ? `?contacts=${encodeURIComponent(contacts.name)}` : ""}`,
  );
  const title = a.record.name ?? a.record.domain ?? `row ${row}`;
  $("account").replaceChildren(
    el("h2", {}, title),
    el(
      "p",
      {},
      `${a.result.state.replace("_", " ")}${a.score !== null ? `, score ${a.score.toFixed(1)}` : ""}${a.result.tier ? `, tier ${a.result.tier}` : ""}; evidence known: ${Math.round(100 * a.coverage)}%`,
    ),
    el(
      "table",
      { id: "breakdown" },
      el(
        "thead",
        {},
        el("tr", {}, ...["criterion", "value", "outcome", "points"].map((h) => el("th", {}, h))),
      ),
      el(
        "tbody",
        {},
        ...a.criteria.map((c) =>
          el(
            "tr",
            {},
            el("td", {}, c.label, el("div", { class: "why" }, c.note)),
            el("td", {}, c.value ?? "—"),
            el("td", { class: c.outcome }, c.role === "signal" ? c.outcome : `${c.role}: ${c.outcome}`),
            el("td", {}, c.points === null ? "" : `${c.points > 0 ? "+" : ""}${c.points}`),
          ),
        ),
      ),
    ),
    a.committee
      ? el(
          "div",
          {},
          el("h2", {}, "Buying committee"),
          el(
            "ul",
            {},
            ...(a.committee.contacts.length
              ? a.committee.contacts.map((c) =>
                  el(
                    "li",
                    {},
                    `${c.title} — ${c.function ?? "?"}, ${c.seniority ?? "?"}${c.personas.length ? ` → ${c.personas.join(", ")}` : ""}`,
                  ),
                )
              : [el("li", {}, "no contacts")]),
          ),
          el(
            "p",
            {},
            `present: ${a.committee.present.join(", ") || "—"}; missing: ${a.committee.missing.map((m) => m.name).join(", ") || "—"}`,
          ),
        )
      : "",
  );
}
// A link cannot carry the bearer token: with one, the export is fetched and saved from a blob.
$("export").addEventListener("click", async (e) => {
  if (!token) return;
  e.preventDefault();
  const r = await api("GET", $("export").getAttribute("href"), undefined, true);
  const a = el("a", {
    href: URL.createObjectURL(await r.blob()),
    download: `run-${$("run-select").value}.csv`,
  });
  a.click();
  URL.revokeObjectURL(a.href);
});
$("run-select").addEventListener("change", () => {
  page = 0;
  showRun();
});
for (const id of ["filter-tier", "filter-state"])
  $(id).addEventListener("change", () => {
    page = 0;
    showRows();
  });
$("filter-q").addEventListener(
  "input",
  debounce(() => {
    page = 0;
    showRows();
  }, 250),
);
$("prev").addEventListener("click", () => {
  page = Math.max(0, page - 1);
  showRows();
});
$("next").addEventListener("click", () => {
  page++;
  showRows();
});
$("score-now").addEventListener("click", async () => {
  const profile = $("profile-select").value;
  const dataset = $("funnel-dataset").value || datasets.find((d) => d.entity === "accounts")?.name;
  if (!profile || !dataset) return status("save a profile and pick a universe on the Profile tab first");
  status("scoring…");
  try {
    const run = await api("POST", "/api/runs", {
      dataset,
      profile,
      ...($("run-events").value ? { events: [$("run-events").value] } : {}),
      ...($("run-contacts").value ? { contacts: $("run-contacts").value } : {}),
    });
    status(`run #${run.id}: ${fmt(run.funnel.rowsIn)} → ${fmt(run.funnel.scored)} scored`);
    page = 0;
    await refreshRuns(run.id);
  } catch (e) {
    status(`not scored: ${e.message}`);
  }
});

// ── jobs: validate and discover ────────────────────────────────────────────────────────────
async function runJob(body, prefix) {
  const bar = $(`${prefix}-progress`);
  bar.hidden = false;
  bar.value = 0;
  let job = await api("POST", "/api/jobs", body);
  for (;;) {
    job = await api("GET", `/api/jobs/${job.id}`);
    bar.value = job.progress.fraction;
    $(`${prefix}-stage`).textContent =
      job.state === "failed" ? `failed: ${job.error?.message}` : job.progress.stage;
    if (job.state === "done" || job.state === "failed") return job;
    await new Promise((ok) => setTimeout(ok, 300));
  }
}
$("v-run").addEventListener("click", async () => {
  try {
    const job = await runJob(
      {
        kind: "validate",
        profile: $("v-profile").value,
        accounts: $("v-accounts").value,
        deals: $("v-deals").value,
        ...($("v-subs").value ? { subscriptions: $("v-subs").value } : {}),
        ...($("v-capacity").value ? { capacity: Number($("v-capacity").value) } : {}),
      },
      "v",
    );
    if (job.state === "done") {
      $("v-report").src = `/api/jobs/${job.id}/report.html`;
      await refreshSaved();
    }
  } catch (e) {
    $("v-stage").textContent = `not started: ${e.message}`;
  }
});
async function refreshSaved() {
  const { validations } = await api("GET", "/api/validations");
  $("v-saved").replaceChildren(
    el("option", { value: "" }, "—"),
    ...validations.map((v) =>
      el("option", { value: v.id }, `#${v.id} ${v.profile} v${v.version} (${v.asOf})`),
    ),
  );
}
$("v-saved").addEventListener("change", (e) => {
  if (e.target.value) $("v-report").src = `/api/validations/${e.target.value}/report.html`;
});

$("d-run").addEventListener("click", async () => {
  try {
    const outcome = $("d-outcome").value.trim();
    const job = await runJob(
      {
        kind: "discover",
        accounts: $("d-accounts").value,
        ...(outcome ? { outcome } : { deals: $("d-deals").value }),
      },
      "d",
    );
    if (job.state !== "done") return;
    const r = job.result;
    $("d-summary").textContent = r.analysis.noSignal
      ? r.analysis.noSignal.text
      : `${r.labels.description}: ${r.criteria.length} criteria with evidence`;
    $("d-criteria").replaceChildren(
      ...r.criteria.map((c) =>
        el(
          "li",
          {},
          el("button", { onclick: () => addCriterion(c) }, "add to profile"),
          ` ${c.role === "exclude" ? "exclude" : `weight ${c.weight}`}: ${c.label} `,
          el("code", {}, c.comment),
        ),
      ),
    );
    $("d-report").src = `/api/jobs/${job.id}/report.html`;
  } catch (e) {
    $("d-stage").textContent = `not started: ${e.message}`;
  }
});
// ── best customers: the pattern against a universe, and lookalikes ──────────────────────────
$("b-pattern").addEventListener("click", async () => {
  try {
    const job = await runJob(
      { kind: "seeds", seeds: $("b-seeds").value, universe: $("b-universe").value },
      "b",
    );
    if (job.state !== "done") return;
    const a = job.result.analysis;
    $("b-summary").textContent = a.noSignal ?? `${a.coverage.text} ${a.pattern ? a.pattern.text : ""}`;
    $("b-criteria").replaceChildren(
      ...a.criteria.map((c) =>
        el(
          "li",
          {},
          el(
            "button",
            {
              onclick: () => addCriterion({ ...c, role: c.role === "require" ? "require" : "signal" }),
            },
            "add to profile",
          ),
          ` ${c.role === "require" ? "filter" : `weight ${c.weight}`}: ${c.label} `,
          el("code", {}, c.evidence),
        ),
      ),
    );
    $("b-lookalikes").hidden = true;
    $("b-report").hidden = false;
    $("b-report").src = `/api/jobs/${job.id}/report.html`;
  } catch (e) {
    $("b-stage").textContent = `not started: ${e.message}`;
  }
});
$("b-lookalike").addEventListener("click", async () => {
  try {
    const top = Number($("b-top").value) || 200;
    const job = await runJob(
      { kind: "lookalike", seeds: $("b-seeds").value, universe: $("b-universe").value, top },
      "b",
    );
    if (job.state !== "done") return;
    const r = job.result;
    $("b-summary").textContent = r.leaveOneOut.text;
    $("b-criteria").replaceChildren();
    $("b-report").hidden = true;
    const table = $("b-lookalikes");
    table.hidden = false;
    table.tBodies[0].replaceChildren(
      ...r.ranked.map((x) =>
        el(
          "tr",
          {},
          el("td", {}, String(x.rank)),
          el("td", {}, `${x.name ?? `row ${x.row}`}${x.seed ? " (a best customer)" : ""}`),
          el("td", {}, x.domain ?? ""),
          el("td", {}, x.similarity.toFixed(1)),
          el("td", {}, x.reasons),
        ),
      ),
    );
  } catch (e) {
    $("b-stage").textContent = `not started: ${e.message}`;
  }
});

function addCriterion(c) {
  const node = {
    label: c.label,
    field: c.field,
    ...c.test,
    ...(c.role === "exclude"
      ? { exclude: true }
      : c.role === "require"
        ? { require: true }
        : { weight: c.weight }),
  };
  if (!doc.get("criteria")) doc.set("criteria", doc.createNode([]));
  doc.get("criteria").add(doc.createNode(node));
  setYaml(doc.toString());
  status(`added “${c.label}” to the profile (not saved yet)`);
  location.hash = "#profile";
}

// ── token and start ────────────────────────────────────────────────────────────────────────
$("token-save").addEventListener("click", () => {
  token = $("token").value.trim();
  localStorage.setItem("icp-token", token);
  start();
});
async function start() {
  const h = await api("GET", "/api/health");
  $("token-box").hidden = !h.token_required;
  if (h.token_required && !token) return status("this server needs its API token");
  try {
    await refreshDatasets();
    await refreshProfiles();
    if (!$("profile-select").value && profiles[0]) $("profile-select").value = profiles[0].name;
    await openProfile($("profile-select").value);
    showTab();
    status("ready");
  } catch (e) {
    status(e.status === 401 ? "the API token was refused" : e.message);
  }
}
start();
