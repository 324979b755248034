// Runs cfn-guard and lints large templates off the main thread: the same module as the page,
// one JSON request in, one JSON response out, answered in order.
import init, { lint_request } from './plimsoll_web.js';

let ready;

self.onmessage = async (event) => {
  if (!ready) {
    // The page posts its compiled module first; fetch it only if it did not.
    const module = event.data instanceof WebAssembly.Module ? event.data : null;
    ready = init({ module_or_path: module ?? new URL('./plimsoll_web_bg.wasm', import.meta.url) });
    if (module) return;
  }
  await ready;
  self.postMessage(lint_request(event.data));
};
