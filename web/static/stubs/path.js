// Node's `path` for cfn-guard's glue in the page (see stubs/fs.js): plain string helpers.
export const sep = '/';
export const join = (...parts) => parts.filter(Boolean).join('/').replace(/\/+/g, '/');
export const resolve = (...parts) => join(...parts);
export const basename = (p) => String(p).split('/').pop();
export const dirname = (p) => String(p).split('/').slice(0, -1).join('/') || '.';
export const extname = (p) => {
  const base = basename(p);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
};
export default { sep, join, resolve, basename, dirname, extname };
