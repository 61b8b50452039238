// The page: picks files, hands a command to the Python worker, shows what it
// said and offers what it wrote as downloads. No framework, nothing fetched
// from anywhere but this folder, and nothing fetched at all once ready.

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
const started = performance.now();
const app = (window.ediApp = { timings: {}, results: [], progress: [], state: "loading" });

const files = { plan: null, returns: new Map() }; // {name, data}; path -> {path, data}
const session = new Map(); // download name -> Uint8Array, for Check
let worker = null;
let running = false;
let nextId = 1;
const pending = new Map();

const MIME = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  zip: "application/zip",
  eml: "message/rfc822",
};
const NAMES = {
  validate: "Validate", send: "Send", chase: "Chase", merge: "Merge", flag: "Flag",
  report: "Report", rollover: "Rollover", import: "Import", check: "Check",
};
const NEEDS_PLAN = new Set(["validate", "send", "chase", "merge", "flag", "report", "rollover"]);
// What the CLI's exit means (cli.Ran.outcome), in words.
const MEANING = {
  clean: "Done: nothing needs you.",
  look: "Done, but a person must look: the last line says what.",
  nothing: "Nothing was written: the message says why.",
};

function status(text) {
  $("#status").textContent = text;
}

function kB(n) {
  return n < 1e6 ? `${Math.max(1, Math.round(n / 1e3))} kB` : `${(n / 1e6).toFixed(1)} MB`;
}

// --- files ------------------------------------------------------------------

async function read(file, path) {
  return { path: path || file.webkitRelativePath || file.name, name: file.name,
           data: new Uint8Array(await file.arrayBuffer()) };
}

// "1 return file", "5 return files": a count with its noun, as the CLI says it.
const returnFiles = (n) => `${n} return ${n === 1 ? "file" : "files"}`;

function showChosen() {
  $("#plan-chosen").textContent = files.plan ? `Plan chosen: ${files.plan.name}.` : "No plan chosen.";
  const n = files.returns.size;
  const names = Array.from(files.returns.keys());
  $("#returns-chosen").textContent = n === 0 ? "No returns chosen." :
    `${returnFiles(n)} chosen: ${names.slice(0, 8).join(", ")}${n > 8 ? ", …" : ""}.`;
}

async function setPlan(file) {
  files.plan = await read(file, file.name);
  showChosen();
}

async function addReturns(list) {
  for (const item of list) {
    const entry = item instanceof File ? await read(item) : item;
    files.returns.set(entry.path, entry);
  }
  showChosen();
}

// Dropped folders: walk them, keeping each file's path inside the folder.
async function walk(entry, prefix, out) {
  if (entry.isFile) {
    const file = await new Promise((res, rej) => entry.file(res, rej));
    out.push(await read(file, prefix + file.name));
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
      if (!batch.length) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`, out);
    }
  }
}

async function dropped(event) {
  const entries = Array.from(event.dataTransfer.items || [])
    .map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null)).filter(Boolean);
  const out = [];
  if (entries.length) {
    for (const e of entries) await walk(e, "", out);
  } else {
    for (const f of event.dataTransfer.files) out.push(await read(f, f.name));
  }
  return out;
}

function wireDrops() {
  for (const zone of $$("[data-drop]")) {
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", async (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      const got = await dropped(e);
      if (zone.dataset.drop === "plan" && got.length) {
        files.plan = { ...got[0], path: got[0].path.split("/").pop(), name: got[0].path.split("/").pop() };
        showChosen();
        status(`Plan chosen: ${files.plan.name}.`);
      } else {
        await addReturns(got);
        status(`${returnFiles(got.length)} added.`);
      }
    });
  }
  // A file dropped anywhere else must not make the browser open it.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => e.preventDefault());
}

// --- running a command --------------------------------------------------------

function options(command, section) {
  const o = {
    as_of: $("#as-of").value, sender: $("#sender").value.trim(),
    sender_name: $("#sender-name").value.trim(), sender_role: $("#sender-role").value.trim(),
  };
  for (const el of $$("[data-option]", section)) {
    if (el.type === "checkbox") o[el.dataset.option] = el.checked;
    else if (el.type === "radio") { if (el.checked) o[el.dataset.option] = el.value; }
    else o[el.dataset.option] = el.value.trim();
  }
  return o;
}

async function request(command, section) {
  const req = { command, options: options(command, section), returns: [], files: [] };
  if (NEEDS_PLAN.has(command)) {
    if (!files.plan) return { missing: "#plan", say: "Choose the plan first (Plan)." };
    req.plan = { name: files.plan.name, data: files.plan.data };
  }
  if (command === "merge" || command === "chase") {
    req.returns = Array.from(files.returns.values()).map(({ path, data }) => ({ path, data }));
    if (command === "merge" && !req.returns.length)
      return { missing: "#returns", say: "Choose the returns first (Returns or Returns folder)." };
  }
  for (const input of $$("input[type=file][data-files]", section)) {
    for (const f of input.files) req.files.push(await read(f, f.name));
  }
  if (command === "import" && req.files.length !== 1)
    return { missing: "#import-source", say: "Choose the document to import first (Source)." };
  if (command === "check") {
    if ($("#check-session").checked)
      for (const [name, data] of session) req.files.push({ path: name, data });
    if (!req.files.length)
      return { missing: "#check-files", say: "Choose the files to check first (Files), or make some downloads." };
  }
  if (command === "rollover" && !req.options.period)
    return { missing: "#rollover-period", say: "Give next year's period first (Period), e.g. 2024-25." };
  return { req };
}

function setBusy(busy, label) {
  running = busy;
  for (const b of $$("button[data-command]")) b.setAttribute("aria-disabled", String(busy));
  const box = $("#progress-box");
  const bar = $("#progress");
  box.hidden = !busy;
  bar.removeAttribute("value"); // indeterminate until the command says how far
  bar.removeAttribute("aria-valuetext");
  $("#progress-label").textContent = busy ? `Progress: ${label}` : "Progress";
}

function onProgress(msg) {
  if (msg.total) { // (label, done, total), as the CLI's progress bar counts
    app.progress.push([msg.label, msg.done, msg.total]);
    const bar = $("#progress");
    bar.max = msg.total;
    bar.value = msg.done;
    const text = `${msg.label}: ${msg.done} of ${msg.total}`;
    bar.setAttribute("aria-valuetext", text);
    $("#progress-label").textContent = `Progress: ${text}`;
  }
}

function render(command, result) {
  const lines = result.lines;
  $("#lines").textContent = lines.join("\n");
  const meaning = $("#meaning");
  meaning.className = result.outcome;
  meaning.textContent = `Exit status ${result.exit_code}. ${MEANING[result.outcome]}`;
  const list = $("#downloads");
  for (const li of $$("li.latest", list)) li.classList.remove("latest");
  const made = [];
  for (const out of [...result.outputs].reverse()) {
    const ext = out.name.split(".").pop().toLowerCase();
    const blob = new Blob([out.data], { type: MIME[ext] || "application/octet-stream" });
    session.set(out.name, out.data);
    const li = document.createElement("li");
    li.className = "latest";
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = out.name;
    a.textContent = `${out.name} (${kB(out.data.byteLength)})`;
    li.append(a);
    if (ext === "xlsx" && !/^(summary|progress-update)\b/.test(out.name)) { // a plan
      const use = document.createElement("button");
      use.type = "button";
      use.className = "secondary";
      use.textContent = "Use as Plan";
      use.setAttribute("aria-label", `Use as Plan: ${out.name}`);
      use.addEventListener("click", () => {
        files.plan = { name: out.name, path: out.name, data: out.data };
        showChosen();
        status(`Plan chosen: ${out.name}.`);
      });
      li.append(" ", use);
    }
    list.prepend(li);
    made.push(out.name);
  }
  $("#no-downloads").hidden = list.children.length > 0;
  const last = lines.length ? lines[lines.length - 1] : "";
  const dl = made.length ? ` Downloads: ${made.reverse().join(", ")}.` : "";
  status(`${NAMES[command]} finished. ${MEANING[result.outcome]} ${last}${dl}`);
  document.body.dataset.state = "done";
  document.body.dataset.runs = String(app.results.length);
}

async function runCommand(command, section, button) {
  if (running) { status("Still working on the last step: please wait."); return; }
  const t = performance.now();
  const { req, missing, say } = await request(command, section);
  if (!req) { status(say); $(missing).focus(); return; }
  setBusy(true, NAMES[command]);
  document.body.dataset.state = "running";
  status(app.state === "ready" ? `${NAMES[command]}: working…`
                               : `${NAMES[command]}: starts when the page is ready…`);
  const id = nextId++;
  try {
    const result = await new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, request: req });
    });
    result.pageMs = Math.round(performance.now() - t);
    app.results.push({ command, ...result, outputs: result.outputs.map((o) => o.name) });
    render(command, result);
    app.results[app.results.length - 1].clickMs = Math.round(performance.now() - t);
  } catch (err) {
    $("#meaning").className = "nothing";
    $("#meaning").textContent = "Nothing was written: the page itself failed.";
    $("#lines").textContent = String(err);
    status(`${NAMES[command]} failed: ${err}`);
    app.results.push({ command, error: String(err) });
    document.body.dataset.state = "done";
    document.body.dataset.runs = String(app.results.length);
  } finally {
    setBusy(false);
    button.focus();
  }
}

// --- start ------------------------------------------------------------------------

async function serviceWorker() {
  // Offline after the first visit: the service worker keeps every file. It is
  // set up once Python is ready, not before (the first visit is ready sooner),
  // when the browser has every file already: it only asks the server whether
  // each is unchanged (a 304 each, nothing downloaded twice).
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return "unavailable";
  try {
    const reg = await navigator.serviceWorker.register("sw.js");
    if (navigator.serviceWorker.controller) return "active";
    const sw = reg.installing || reg.waiting || reg.active;
    if (sw && sw.state !== "activated") {
      await new Promise((resolve) => {
        sw.addEventListener("statechange", () => {
          if (sw.state === "activated" || sw.state === "redundant") resolve();
        });
      });
    }
    return sw && sw.state === "activated" ? "installed" : "failed";
  } catch (err) {
    return "failed";
  }
}

function startWorker() {
  worker = new Worker("worker.mjs", { type: "module" });
  worker.onerror = (event) => { // the worker itself died (out of memory, say)
    const message = event.message || "the worker stopped";
    for (const [id, p] of pending) { pending.delete(id); p.reject(new Error(message)); }
    if (app.state !== "ready") {
      app.state = "failed";
      document.body.dataset.state = "failed";
      status(`The page could not start Python: ${message}`);
    }
  };
  worker.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === "progress") onProgress(msg);
    else if (msg.type === "stage") app.timings[msg.stage] = Math.round(performance.now() - started);
    else if (msg.type === "warm") {
      app.timings.warm = Math.round(performance.now() - started);
      document.body.dataset.warm = "yes";
    } else if (msg.type === "ready") {
      app.state = "ready";
      app.timings.ready = Math.round(performance.now() - started);
      document.body.dataset.state = "ready";
      about(msg.manifest);
      if (!running) status("Ready. Choose the plan and the returns, then a step.");
      keepOffline();
    } else if (msg.type === "failed") {
      app.state = "failed";
      document.body.dataset.state = "failed";
      status(`The page could not start Python: ${msg.message}`);
    } else if (msg.type === "result" || msg.type === "error") {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (!p) return;
      if (msg.type === "result") p.resolve(msg.result);
      else p.reject(new Error(msg.message));
    }
  };
}

// The footer: what runs in this page, with the licences (manifest.json, from the build).
function about(manifest) {
  const own = manifest.edi_workbook;
  $("#about").textContent = `edi-workbook ${own.version}${own.commit ? ` (${own.commit})` : ""},`
    + ` Python ${manifest.pyodide.python} (Pyodide ${manifest.pyodide.version}), running in this browser.`;
  const list = $("#components");
  const parts = [{ name: "pyodide", ...manifest.pyodide }, ...manifest.wheels];
  for (const c of parts) {
    const li = document.createElement("li");
    li.textContent = `${c.name} ${c.version}${c.license ? ` (${c.license})` : ""}`;
    list.append(li);
  }
}

function wire() {
  $("#plan").addEventListener("change", async (e) => {
    if (e.target.files[0]) await setPlan(e.target.files[0]);
  });
  $("#returns").addEventListener("change", async (e) => addReturns(Array.from(e.target.files)));
  $("#returns-folder").addEventListener("change", async (e) => addReturns(Array.from(e.target.files)));
  $("#clear-returns").addEventListener("click", () => {
    files.returns.clear();
    $("#returns").value = "";
    $("#returns-folder").value = "";
    showChosen();
    status("Returns cleared.");
  });
  for (const button of $$("button[data-command]")) {
    const section = button.closest("section");
    button.addEventListener("click", () => runCommand(button.dataset.command, section, button));
  }
  wireDrops();
}

function keepOffline() {
  serviceWorker().then((sw) => {
    app.serviceWorker = sw;
    app.timings.offline = Math.round(performance.now() - started);
    document.body.dataset.offline = sw; // "installed", "active", "unavailable" or "failed"
  });
}

wire();
startWorker();
