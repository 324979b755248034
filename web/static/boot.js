// Starts the page: compiles the wasm while its JavaScript glue (and the glue's imports) and
// the code editor load, rather than after them, then mounts the app. The editor module
// defines `PlimsollEditor`, which the app's editor component creates.
const compiled = WebAssembly.compileStreaming(fetch(new URL('./plimsoll_web_bg.wasm', import.meta.url)));
const [{ default: init, start }] = await Promise.all([
  import('./plimsoll_web.js'),
  import('./editor.js'),
]);

await init({ module_or_path: await compiled });
performance.mark('plimsoll:wasm-ready');
start();
performance.mark('plimsoll:mounted');
