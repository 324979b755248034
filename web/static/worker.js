// Lints large templates off the main thread: the same module as the page, one JSON request in,
// one JSON response out.
import init, { lint_request } from './plimsoll_web.js';

const ready = init({ module_or_path: new URL('./plimsoll_web_bg.wasm', import.meta.url) });

self.onmessage = async (event) => {
  await ready;
  self.postMessage(lint_request(event.data));
};
