// Starts the page: compiles the wasm while its JavaScript glue (and the glue's imports) load,
// rather than after them, then mounts the app.
const compiled = WebAssembly.compileStreaming(fetch(new URL('./plimsoll_web_bg.wasm', import.meta.url)));
const { default: init, start } = await import('./plimsoll_web.js');

await init({ module_or_path: await compiled });
performance.mark('plimsoll:wasm-ready');
start();
performance.mark('plimsoll:mounted');
