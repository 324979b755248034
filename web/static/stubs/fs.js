// The page has no file system: cfn-guard's glue imports Node's `fs`, but the page never
// calls it (templates and rules arrive as text). `cargo xtask web` points the glue here.
const unavailable = () => {
  throw new Error('no file system in the browser');
};
export const readFileSync = unavailable;
export const writeFileSync = unavailable;
export const existsSync = () => false;
export default { readFileSync, writeFileSync, existsSync };
