#!/usr/bin/env node
// `plimsoll` for Node (`npx plimsoll check cdk.out`): the native CLI itself, built for WASI
// (`plimsoll.wasm` beside this file), so that its output, exit codes, configuration and file
// discovery are the native ones. This file only connects it to the process: the arguments, the
// environment, the standard streams, the file system from `/` (paths print as they were
// written) and the working directory (in `PWD`, which the CLI enters).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** The native CLI's exit code for an error that stopped the run. */
const ERROR = 2;

function fail(message) {
  // Straight to the descriptor: `process.stderr` would make a pipe non-blocking for the module.
  fs.writeSync(2, `error: ${message}\n`);
  process.exitCode = ERROR;
}

function main() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    return fail(`the plimsoll command needs Node.js 20 or later (this is ${process.version})`);
  }
  if (process.platform === 'win32') {
    return fail('the plimsoll command of the npm package runs on Linux and macOS; on Windows, install the native CLI');
  }
  // Node warns that WASI is experimental when the module loads: only that warning is dropped.
  const emitWarning = process.emitWarning;
  process.emitWarning = function (warning, ...rest) {
    const type = typeof rest[0] === 'string' ? rest[0] : rest[0] && rest[0].type;
    if (type === 'ExperimentalWarning' && /\bWASI\b/.test(String(warning))) return;
    return emitWarning.call(process, warning, ...rest);
  };
  // WASI's system calls are V8 "fast API calls" from the module, and a garbage collection
  // during one corrupts memory (Node's WASI allocates inside them): Node crashes reading a large
  // file. Plain calls are safe, and the run is not slower for it.
  require('node:v8').setFlagsFromString('--no-turbo-fast-api-calls');
  const { WASI } = require('node:wasi');
  process.emitWarning = emitWarning;

  const wasi = new WASI({
    version: 'preview1',
    args: ['plimsoll', ...process.argv.slice(2)],
    env: { ...process.env, PWD: process.cwd() },
    preopens: { '/': '/' },
    returnOnExit: true,
  });
  const module = new WebAssembly.Module(fs.readFileSync(path.join(__dirname, 'plimsoll.wasm')));
  const instance = new WebAssembly.Instance(module, wasi.getImportObject());
  try {
    process.exitCode = wasi.start(instance);
  } catch (e) {
    // A panic aborts the module (WebAssembly cannot unwind); its message is already printed.
    if (e instanceof WebAssembly.RuntimeError) {
      return fail(`internal error: plimsoll stopped (${e.message}); this is a bug, please report it with the template and rules that caused it`);
    }
    throw e;
  }
}

main();
