// Lints off the main thread, one JSON request in, one JSON response out, answered in order.
// Quick lints (the Rust rules, for large templates) run in the page's own module, which the
// page posts first. Complete lints and exports run in the module with cfn-guard
// (plimsoll_guard), which is loaded here on the first of them, after the page has shown its
// first findings. If it cannot load, the page's module answers them: the Rust rules' findings,
// marked as lacking guard's.
//
// A panic aborts the module it happens in: its hook throws the panic's message and has the
// module start a fresh instance at its next call. The request is then answered with the Rust
// rules' findings and an internal error naming the template, and the worker goes on.
import initPage, { lint_request as pageLint, lint_failed as pageFailed } from './plimsoll_web.js';

let page;
let guard;
let queue = Promise.resolve();

async function loadGuard() {
  try {
    const glue = await import('./plimsoll_guard.js');
    await glue.default({ module_or_path: new URL('./plimsoll_guard_bg.wasm', import.meta.url) });
    return glue.lint_request;
  } catch (error) {
    console.warn(`Plimsoll: the guard rules could not be loaded (${error}); showing the Rust rules' findings`);
    return null;
  }
}

async function answer({ complete, request }) {
  let lint = pageLint;
  if (complete) {
    guard ??= loadGuard();
    lint = (await guard) ?? pageLint;
  }
  page ??= initPage({ module_or_path: new URL('./plimsoll_web_bg.wasm', import.meta.url) });
  await page;
  try {
    return lint(request);
  } catch (error) {
    const message = String(error?.message ?? error);
    console.warn(`Plimsoll: the lint panicked (${message}); showing the Rust rules' findings`);
    return pageFailed(request, message);
  }
}

self.onmessage = (event) => {
  if (event.data instanceof WebAssembly.Module) {
    page ??= initPage({ module_or_path: event.data });
    return;
  }
  // A failure is thrown outside the queue, where it reaches the page as the worker's error
  // event (the page then lints without the worker).
  queue = queue
    .then(() => answer(event.data))
    .then((response) => self.postMessage(response))
    .catch((error) => setTimeout(() => { throw error; }));
};
