// Loads the app's WebAssembly module and mounts the page.
import init, { start } from './plimsoll_web.js';

await init({ module_or_path: new URL('./plimsoll_web_bg.wasm', import.meta.url) });
performance.mark('plimsoll:wasm-ready');
start();
performance.mark('plimsoll:mounted');
