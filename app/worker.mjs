// Python in a Web Worker, so the page never freezes. Loads Pyodide and the
// wheels from this same folder (manifest.json lists them), then runs one
// command at a time through edi_workbook.page. Fetches nothing after "ready".
import { loadPyodide } from "./pyodide/pyodide.mjs";

let py = null;
let page = null;
const t0 = performance.now();

function say(type, extra) {
  postMessage({ type, ms: Math.round(performance.now() - t0), ...extra });
}

async function fetchBytes(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status} ${r.statusText}`);
  return new Uint8Array(await r.arrayBuffer());
}

async function start() {
  // Everything is asked for at once: the runtime, the list of wheels, the wheels.
  const pyodide = loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
  const manifest = await (await fetch("manifest.json")).json();
  // The pure-Python wheels are one archive, compiled by the build, imported from as it
  // is; a wheel with compiled code (python-calamine) is unpacked.
  const zip = fetchBytes(`wheels/${manifest.load.zip.file}`);
  const wheels = Promise.all(manifest.load.unpack.map((file) => fetchBytes(`wheels/${file}`)));
  py = await pyodide;
  say("stage", { stage: "python" });
  // Unpacked straight into site-packages: what pip would do, with no installer to load.
  // The archive goes beside it, first on sys.path (where scripts/compile_bytecode.py
  // compiled it for: the same path).
  const site = py.runPython("import os, sysconfig; os.path.realpath(sysconfig.get_path('purelib'))");
  for (const data of await wheels) py.unpackArchive(data, "wheel", { extractDir: site });
  py.FS.writeFile(`${site}.zip`, await zip);
  py.runPython(`import sys; sys.path.insert(0, "${site}.zip")`);
  say("stage", { stage: "wheels" });
  page = py.pyimport("edi_workbook.page"); // and with it the CLI: ready for a command
  say("ready", { manifest });
  // The rest of the package while the officer picks files; a command clicked
  // meanwhile waits for this (the worker does one thing at a time).
  const failed = page.warm().toJs();
  for (const line of failed) console.warn(`not loaded: ${line}`);
  say("warm", {});
}

function run(id, request) {
  const progress = (label, done, total) => say("progress", { id, label, done, total });
  const args = py.toPy(request); // typed arrays arrive as memoryviews
  let result;
  try {
    const proxy = page.run(args, progress);
    result = proxy.toJs({ dict_converter: Object.fromEntries }); // bytes leave as Uint8Array
    proxy.destroy();
  } finally {
    args.destroy();
  }
  postMessage({ type: "result", id, result }, result.outputs.map((o) => o.data.buffer));
}

const ready = start().catch((err) => {
  say("failed", { message: String(err && err.message ? err.message : err) });
  throw err;
});

onmessage = async (event) => {
  const { id, request } = event.data;
  try {
    await ready;
    run(id, request);
  } catch (err) {
    postMessage({ type: "error", id, message: String(err && err.message ? err.message : err) });
  }
};
