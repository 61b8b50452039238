// Runs a Python script in Pyodide under node, for the page's build (scripts/build_app.py):
//
//     node scripts/pyodide_run.mjs <pyodide folder> <host folder> <script.py> [args...]
//
// The host folder is mounted at the same path inside Pyodide (NODEFS), so the script
// reads and writes the build's files there by their absolute paths. The Python is the page's own
// (the very runtime build/app ships), so what it compiles is what the page runs.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, hostDir, script, ...args] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.resolve(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep });
const where = path.resolve(hostDir);
py.FS.mkdirTree(where);
py.FS.mount(py.FS.filesystems.NODEFS, { root: where }, where);
const inside = `/tmp/${path.basename(script)}`; // the script itself, copied in
py.FS.writeFile(inside, fs.readFileSync(script));
py.globals.set("ARGV", py.toPy([inside, ...args]));
try {
  py.runPython(`
import runpy, sys
sys.argv = list(ARGV)
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as e:
    if e.code:
        raise
`);
} catch (err) { // Python's traceback, not node's dump of the minified runtime
  console.error(err.message);
  process.exit(1);
}
